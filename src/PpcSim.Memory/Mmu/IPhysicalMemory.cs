namespace PpcSim.Memory.Mmu;

/// <summary>Physical (real) memory as the MMU's table walker sees it: page-table entries are big-endian doublewords.</summary>
public interface IPhysicalMemory
{
    bool TryReadBigEndian64(ulong pa, out ulong value);

    /// <summary>Atomically ORs bits into a big-endian doubleword (hardware R/C updates).</summary>
    bool TryOrBigEndian64(ulong pa, ulong bits);
}
