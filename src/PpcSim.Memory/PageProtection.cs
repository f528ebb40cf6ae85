namespace PpcSim.Memory;

[Flags]
public enum PageProtection : byte
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
    ReadWrite = Read | Write,
    All = Read | Write | Execute,
}
