namespace PpcSim.Litmus;

/// <summary>A register of one thread (<c>1:r3</c>) or a memory location (<c>x</c>, written <c>[x]</c> too).</summary>
public readonly record struct LitmusLocation(int Thread, string Name)
{
    /// <summary>Thread of a symbolic register initialised for every thread that uses it (<c>%x0=x</c>).</summary>
    public const int AnyThread = int.MaxValue;

    public bool IsRegister => Thread >= 0;

    public static LitmusLocation Register(int thread, string reg) => new(thread, reg);
    public static LitmusLocation Memory(string name) => new(-1, name);

    /// <summary>herd's spelling: <c>1:r3</c> or <c>x</c>.</summary>
    public override string ToString() => !IsRegister ? Name : Thread == AnyThread ? Name : $"{Thread}:{Name}";

    /// <summary>herd's order: registers by thread then name (as strings: r10 before r8), then memory by name.</summary>
    public static int Compare(LitmusLocation a, LitmusLocation b)
    {
        if (a.IsRegister != b.IsRegister) return a.IsRegister ? -1 : 1;
        if (a.Thread != b.Thread) return a.Thread.CompareTo(b.Thread);
        return string.CompareOrdinal(a.Name, b.Name);
    }
}
