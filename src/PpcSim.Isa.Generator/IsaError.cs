namespace PpcSim.Isa.Generator;

internal readonly struct IsaError
{
    public IsaError(string file, int line, string message)
    {
        File = file;
        Line = line;
        Message = message;
    }

    public string File { get; }
    public int Line { get; }
    public string Message { get; }
}
