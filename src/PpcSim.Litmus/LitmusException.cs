namespace PpcSim.Litmus;

/// <summary>A malformed litmus file: which file, which line (1-based), and why.</summary>
public sealed class LitmusException(string file, int line, string reason) : Exception($"{file}:{line}: {reason}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}
