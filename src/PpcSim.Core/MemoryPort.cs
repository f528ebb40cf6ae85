namespace PpcSim.Core;

/// <summary>
/// How one hardware thread reaches storage. The interpreter talks to memory only through this,
/// so it can run on flat memory, a user-mode address space, or the weak-memory machine.
/// Values are little-endian interpretations of the bytes; the core swaps for big-endian mode.
/// </summary>
public abstract class MemoryPort
{
    /// <summary>
    /// Fast path: the host array holding the 4 KiB guest page at <paramref name="ea"/> (page-aligned
    /// offset returned), or null to force every access through the slow path (devices, shared
    /// lines under the weak-memory model, pages holding decoded code for writes).
    /// </summary>
    public virtual byte[]? TryGetHostPage(ulong ea, bool forWrite, out int offset)
    {
        offset = 0;
        return null;
    }

    /// <summary>
    /// The fast-path lookup the core uses: like <see cref="TryGetHostPage(ulong, bool, out int)"/>, plus the
    /// page's real address and whether stores through it must first be reported with
    /// <see cref="ReportStore"/> (a storage model that keeps the old contents of shared lines).
    /// </summary>
    public virtual byte[]? TryGetHostPage(ulong ea, bool forWrite, out int offset, out ulong pagePa, out bool reportStores)
    {
        pagePa = ea & ~0xfffUL;
        reportStores = false;
        return TryGetHostPage(ea, forWrite, out offset);
    }

    /// <summary>A fast-path store of <paramref name="size"/> bytes at real address <paramref name="pa"/> is about to happen.</summary>
    public virtual void ReportStore(ulong pa, int size)
    {
    }

    public abstract MemFault Read(ulong ea, int size, out ulong value);
    public abstract MemFault Write(ulong ea, int size, ulong value);
    public abstract MemFault Fetch(ulong ea, out uint word);

    /// <summary>lwarx/ldarx etc.: read and set a reservation on the granule.</summary>
    public virtual MemFault LoadReserve(ulong ea, int size, out ulong value)
    {
        var f = Read(ea, size, out value);
        if (f == MemFault.None) { HasReservation = true; ReservationAddress = ea & ~127UL; }
        return f;
    }

    /// <summary>stwcx. etc.: store if the reservation still holds; always clears it.</summary>
    public virtual MemFault StoreConditional(ulong ea, int size, ulong value, out bool stored)
    {
        stored = false;
        if (!HasReservation || ReservationAddress != (ea & ~127UL))
        {
            HasReservation = false;
            return MemFault.None;
        }
        HasReservation = false;
        var f = Write(ea, size, value);
        stored = f == MemFault.None;
        return f;
    }

    /// <summary>
    /// DSISR (data) or SRR1 (instruction) bits of the last fault, when the port knows more than the
    /// <see cref="MemFault"/> kind says (an MMU does); the core reads and clears it when raising.
    /// </summary>
    public ulong FaultBits { get; set; }

    /// <summary>
    /// lqarx: reads the 16-byte-aligned quadword at <paramref name="ea"/> (lo = bytes ea..ea+7 as a
    /// little-endian value, hi = ea+8..ea+15) and reserves its granule. Ports that model other
    /// threads must make the two halves one single-copy-atomic access.
    /// </summary>
    public virtual MemFault LoadReserve128(ulong ea, out ulong lo, out ulong hi)
    {
        hi = 0;
        var f = LoadReserve(ea, 8, out lo);
        return f != MemFault.None ? f : Read(ea + 8, 8, out hi);
    }

    /// <summary>stqcx.: stores the quadword if the reservation still holds; always clears it.</summary>
    public virtual MemFault StoreConditional128(ulong ea, ulong lo, ulong hi, out bool stored)
    {
        stored = false;
        if (!HasReservation || ReservationAddress != (ea & ~127UL))
        {
            HasReservation = false;
            return MemFault.None;
        }
        HasReservation = false;
        // Both halves lie in one page (ea is 16-byte aligned), so the first write cannot succeed alone.
        var f = Write(ea, 8, lo);
        if (f == MemFault.None) f = Write(ea + 8, 8, hi);
        stored = f == MemFault.None;
        return f;
    }

    public bool HasReservation { get; set; }
    public ulong ReservationAddress { get; set; }

    /// <summary>A memory barrier executed by this thread (sync, lwsync, eieio, isync, ...).</summary>
    public virtual void Barrier(Isa.BarrierKind kind)
    {
    }

    /// <summary>Called when the core decodes instructions from a page, so writes to it can invalidate them.</summary>
    public virtual void MarkCode(ulong ea)
    {
    }

    /// <summary>Raised (with the page's address) when a page holding decoded code is written.</summary>
    public Action<ulong>? CodeWritten { get; set; }

    /// <summary>
    /// Raised when host arrays handed out by <see cref="TryGetHostPage"/> stop being the live copy
    /// (copy-on-write after a snapshot, a restored snapshot): the core drops its fast-path translations.
    /// </summary>
    public Action? HostPagesChanged { get; set; }
}
