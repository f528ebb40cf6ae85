namespace PpcSim.Memory;

/// <summary>
/// One page as a snapshot or a replay log keeps it: the bytes (shared copy-on-write with the live
/// page until either side writes) and the protection. Immutable once taken.
/// </summary>
public sealed class PageImage
{
    internal PageImage(byte[] data, PageProtection prot)
    {
        Data = data;
        Prot = prot;
    }

    internal byte[] Data { get; }
    public PageProtection Prot { get; }
}
