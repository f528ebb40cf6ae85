namespace PpcSim.Core;

/// <summary>An opaque copy of one thread's architected state (<see cref="Cpu.SaveState"/>).</summary>
public sealed class CpuState
{
    internal CpuState(Cpu copy) => Copy = copy;

    /// <summary>A memberwise copy of the thread; never run, only read back by <see cref="Cpu.RestoreState"/>.</summary>
    internal Cpu Copy { get; }

    public ulong Pc => Copy.Pc;
    public ulong Instructions => Copy.Instructions;
}
