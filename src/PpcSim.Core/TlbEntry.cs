namespace PpcSim.Core;

/// <summary>A fast-path translation: guest 4 KiB page (Tag = ea &gt;&gt; 12) to a host array and offset.</summary>
internal struct TlbEntry
{
    public ulong Tag;
    public byte[]? Page;
    public int Offset;
    /// <summary>Stores through this entry must be reported to the port first (<see cref="MemoryPort.ReportStore"/>).</summary>
    public bool Report;
    /// <summary>Real address of the page (for reports and page-granular invalidation).</summary>
    public ulong Pa;
}
