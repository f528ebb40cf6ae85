namespace PpcSim.Machine.Weak;

/// <summary>One hardware thread of a <see cref="WeakMachine"/>: its code and initial registers (indexed by <see cref="Resource"/>).</summary>
public sealed class WeakThreadSetup
{
    public WeakThreadSetup(ProgramImage program, ulong[]? registers = null)
    {
        Program = program;
        Registers = registers ?? new ulong[Resource.Count];
        if (Registers.Length != Resource.Count) throw new ArgumentException($"need {Resource.Count} register values", nameof(registers));
    }

    public ProgramImage Program { get; }
    public ulong[] Registers { get; }
}
