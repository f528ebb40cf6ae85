namespace PpcSim.Memory;

/// <summary>A copy-on-write snapshot of a <see cref="PagedMemory"/> (pages, protections, reservation).</summary>
public sealed class MemoryState
{
    internal MemoryState(Dictionary<ulong, PageImage> pages, bool hasReservation, ulong reservationAddress)
    {
        Pages = pages;
        HasReservation = hasReservation;
        ReservationAddress = reservationAddress;
    }

    internal Dictionary<ulong, PageImage> Pages { get; }
    internal bool HasReservation { get; }
    internal ulong ReservationAddress { get; }

    public int PageCount => Pages.Count;
}
