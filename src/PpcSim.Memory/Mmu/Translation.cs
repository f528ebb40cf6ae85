namespace PpcSim.Memory.Mmu;

/// <summary>
/// The outcome of translating one effective address: a real address, or the fault with the
/// DSISR (data) / SRR1 (instruction) bits the interrupt reports.
/// </summary>
public readonly record struct Translation(bool Ok, ulong RealAddress, ulong FaultBits, CachingAttribute Attribute, int PageShift)
{
    public static Translation Fault(ulong bits) => new(false, 0, bits, CachingAttribute.Normal, 0);
}
