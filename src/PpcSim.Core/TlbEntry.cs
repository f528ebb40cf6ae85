namespace PpcSim.Core;

/// <summary>A fast-path translation: guest 4 KiB page (Tag = ea &gt;&gt; 12) to a host array and offset.</summary>
internal struct TlbEntry
{
    public ulong Tag;
    public byte[]? Page;
    public int Offset;
}
