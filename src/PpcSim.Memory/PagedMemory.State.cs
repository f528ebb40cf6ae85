namespace PpcSim.Memory;

/// <summary>
/// Snapshots for reverse execution. A snapshot shares every page's array with the live memory
/// and marks the page <c>Shared</c>; the first later write to it copies the page (copy-on-write),
/// so a snapshot costs one dictionary of page references plus the pages actually written since.
/// The journal records which pages host-side code (system calls, the debugger) touched, so a
/// replay log can store just those pages.
/// </summary>
public sealed partial class PagedMemory
{
    private HashSet<ulong>? _journal;

    /// <summary>Returns the page's array, first copying it if a snapshot still holds it.</summary>
    private byte[] Writable(Page page)
    {
        if (page.Shared)
        {
            page.Data = (byte[])page.Data.Clone();
            page.Shared = false;
            // The core may still hold the old array in its fast-path TLB (for reads).
            HostPagesChanged?.Invoke();
        }
        return page.Data;
    }

    private void Journal(ulong ea) => _journal?.Add(ea >> 12);

    public MemoryState SaveState()
    {
        var pages = new Dictionary<ulong, PageImage>(_pages.Count);
        foreach (var (pn, page) in _pages)
        {
            page.Shared = true;
            pages[pn] = new PageImage(page.Data, page.Prot);
        }
        // Fast-path write translations point at arrays the snapshot now owns.
        HostPagesChanged?.Invoke();
        return new MemoryState(pages, HasReservation, ReservationAddress);
    }

    public void RestoreState(MemoryState state)
    {
        foreach (var (pn, page) in _pages)
            if (page.HasCode) CodeWritten?.Invoke(pn << 12);
        _pages.Clear();
        foreach (var (pn, image) in state.Pages)
            _pages[pn] = new Page { Data = image.Data, Prot = image.Prot, Shared = true };
        HasReservation = state.HasReservation;
        ReservationAddress = state.ReservationAddress;
        HostPagesChanged?.Invoke();
    }

    /// <summary>Starts recording the pages that Map/Unmap/Protect/WriteBytes touch.</summary>
    public void BeginJournal() => _journal = [];

    /// <summary>Stops recording; returns the touched page numbers (address &gt;&gt; 12) in ascending order.</summary>
    public ulong[] EndJournal()
    {
        var touched = _journal ?? [];
        _journal = null;
        return touched.Order().ToArray();
    }

    /// <summary>The page's current contents (shared copy-on-write), or null if it is unmapped.</summary>
    public PageImage? CapturePage(ulong pageNumber)
    {
        if (!_pages.TryGetValue(pageNumber, out var page)) return null;
        if (!page.Shared)
        {
            page.Shared = true;
            HostPagesChanged?.Invoke();
        }
        return new PageImage(page.Data, page.Prot);
    }

    /// <summary>Makes the page what <see cref="CapturePage"/> returned (null = unmapped).</summary>
    public void RestorePage(ulong pageNumber, PageImage? image)
    {
        if (_pages.TryGetValue(pageNumber, out var old) && old.HasCode) CodeWritten?.Invoke(pageNumber << 12);
        if (image == null) _pages.Remove(pageNumber);
        else _pages[pageNumber] = new Page { Data = image.Data, Prot = image.Prot, Shared = true };
        HostPagesChanged?.Invoke();
    }
}
