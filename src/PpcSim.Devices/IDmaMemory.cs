namespace PpcSim.Devices;

/// <summary>
/// What a bus-mastering device sees of the machine: real (physical) memory. A DMA access is
/// performed when the device performs it, bypassing the cores' caches and fast paths; the
/// machine keeps decode caches and reservations coherent with it.
/// </summary>
public interface IDmaMemory
{
    /// <summary>Copies guest memory at <paramref name="pa"/> into <paramref name="dest"/>; false if any byte is not RAM.</summary>
    bool DmaRead(ulong pa, Span<byte> dest);

    /// <summary>Copies <paramref name="src"/> into guest memory at <paramref name="pa"/>; false (nothing written) if any byte is not RAM.</summary>
    bool DmaWrite(ulong pa, ReadOnlySpan<byte> src);
}
