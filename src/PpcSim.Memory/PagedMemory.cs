using System.Buffers.Binary;
using PpcSim.Core;

namespace PpcSim.Memory;

/// <summary>
/// A sparse 64-bit address space of 4 KiB pages with protections: what a user-mode process
/// sees, and a simple single-thread port for tests. Pages are allocated on map; accesses to
/// unmapped or protected pages fault instead of throwing.
/// </summary>
public sealed partial class PagedMemory : MemoryPort
{
    public const int PageSize = 4096;
    private readonly Dictionary<ulong, Page> _pages = [];

    private sealed class Page
    {
        public byte[] Data = new byte[PageSize];
        public PageProtection Prot;
        public bool HasCode;
        /// <summary>Data is also held by a snapshot or a replay log: copy it before writing (PagedMemory.State.cs).</summary>
        public bool Shared;
    }

    public int MappedPages => _pages.Count;

    /// <summary>Maps [start, start+length) zero-filled (existing pages keep their bytes, get the new protection).</summary>
    public void Map(ulong start, ulong length, PageProtection prot)
    {
        for (ulong p = start & ~(ulong)(PageSize - 1); p < start + length; p += PageSize)
        {
            Journal(p);
            if (!_pages.TryGetValue(p >> 12, out var page)) _pages[p >> 12] = page = new Page();
            page.Prot = prot;
        }
    }

    public void Unmap(ulong start, ulong length)
    {
        for (ulong p = start & ~(ulong)(PageSize - 1); p < start + length; p += PageSize)
        {
            Journal(p);
            if (_pages.Remove(p >> 12, out var page) && page.HasCode) CodeWritten?.Invoke(p);
        }
    }

    public bool Protect(ulong start, ulong length, PageProtection prot)
    {
        for (ulong p = start & ~(ulong)(PageSize - 1); p < start + length; p += PageSize)
            if (!_pages.ContainsKey(p >> 12)) return false;
        for (ulong p = start & ~(ulong)(PageSize - 1); p < start + length; p += PageSize)
        {
            var page = _pages[p >> 12];
            Journal(p);
            page.Prot = prot;
            if (page.HasCode) CodeWritten?.Invoke(p);
        }
        return true;
    }

    public bool IsMapped(ulong ea) => _pages.ContainsKey(ea >> 12);

    public PageProtection ProtectionAt(ulong ea) => _pages.TryGetValue(ea >> 12, out var p) ? p.Prot : PageProtection.None;

    /// <summary>Host-side copy in (loader, syscalls): ignores protections, fails if unmapped.</summary>
    public bool WriteBytes(ulong ea, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            if (!_pages.TryGetValue(ea >> 12, out var page)) return false;
            int off = (int)(ea & (PageSize - 1));
            int n = Math.Min(data.Length, PageSize - off);
            Journal(ea);
            data[..n].CopyTo(Writable(page).AsSpan(off));
            if (page.HasCode) CodeWritten?.Invoke(ea);
            data = data[n..];
            ea += (ulong)n;
        }
        return true;
    }

    /// <summary>Host-side copy out (syscalls): ignores protections, fails if unmapped.</summary>
    public bool ReadBytes(ulong ea, Span<byte> dest)
    {
        while (dest.Length > 0)
        {
            if (!_pages.TryGetValue(ea >> 12, out var page)) return false;
            int off = (int)(ea & (PageSize - 1));
            int n = Math.Min(dest.Length, PageSize - off);
            page.Data.AsSpan(off, n).CopyTo(dest);
            dest = dest[n..];
            ea += (ulong)n;
        }
        return true;
    }

    /// <summary>Whether [ea, ea+len) is mapped with at least <paramref name="prot"/>.</summary>
    public bool Check(ulong ea, ulong len, PageProtection prot)
    {
        if (len == 0) return true;
        for (ulong p = ea & ~(ulong)(PageSize - 1); p < ea + len && p >= (ea & ~(ulong)(PageSize - 1)); p += PageSize)
        {
            if (!_pages.TryGetValue(p >> 12, out var page) || (page.Prot & prot) != prot) return false;
        }
        return true;
    }

    public override byte[]? TryGetHostPage(ulong ea, bool forWrite, out int offset)
    {
        offset = 0;
        if (!_pages.TryGetValue(ea >> 12, out var page)) return null;
        if ((page.Prot & (forWrite ? PageProtection.Write : PageProtection.Read)) == 0) return null;
        if (forWrite && page.HasCode) return null;
        return forWrite ? Writable(page) : page.Data;
    }

    public override MemFault Read(ulong ea, int size, out ulong value)
    {
        value = 0;
        Span<byte> buf = stackalloc byte[8];
        for (int i = 0; i < size; i++)
        {
            ulong a = ea + (ulong)i;
            if (!_pages.TryGetValue(a >> 12, out var page)) return MemFault.Unmapped;
            if ((page.Prot & PageProtection.Read) == 0) return MemFault.Protection;
            buf[i] = page.Data[(int)(a & (PageSize - 1))];
        }
        value = BinaryPrimitives.ReadUInt64LittleEndian(buf);
        return MemFault.None;
    }

    public override MemFault Write(ulong ea, int size, ulong value)
    {
        // Check every byte first: a faulting store writes nothing.
        for (int i = 0; i < size; i++)
        {
            ulong a = ea + (ulong)i;
            if (!_pages.TryGetValue(a >> 12, out var page)) return MemFault.Unmapped;
            if ((page.Prot & PageProtection.Write) == 0) return MemFault.Protection;
        }
        for (int i = 0; i < size; i++)
        {
            ulong a = ea + (ulong)i;
            var page = _pages[a >> 12];
            Writable(page)[(int)(a & (PageSize - 1))] = (byte)(value >> (8 * i));
            if (page.HasCode && (i == 0 || (a & (PageSize - 1)) == 0)) CodeWritten?.Invoke(a);
        }
        return MemFault.None;
    }

    public override MemFault Fetch(ulong ea, out uint word)
    {
        word = 0;
        if (!_pages.TryGetValue(ea >> 12, out var page)) return MemFault.Unmapped;
        if ((page.Prot & PageProtection.Execute) == 0) return MemFault.Protection;
        word = BinaryPrimitives.ReadUInt32LittleEndian(page.Data.AsSpan((int)(ea & (PageSize - 1))));
        return MemFault.None;
    }

    public override void MarkCode(ulong ea)
    {
        if (_pages.TryGetValue(ea >> 12, out var page)) page.HasCode = true;
    }
}
