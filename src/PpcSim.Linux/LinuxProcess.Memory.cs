using PpcSim.Memory;

namespace PpcSim.Linux;

// brk, mmap, munmap, mprotect, mremap, madvise (mm/mmap.c, mm/mremap.c semantics for one process).
public sealed partial class LinuxProcess
{
    /// <summary>mmap hands out addresses top-down from here, as Linux's default layout does below the stack.</summary>
    private const ulong MmapTop = 0x0000_7fff_b000_0000UL;
    private const ulong MmapFloor = 0x0000_0000_2000_0000UL;

    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4;
    private const int MapShared = 0x01, MapPrivate = 0x02, MapFixed = 0x10, MapAnonymous = 0x20, MapFixedNoReplace = 0x100000;
    private const int MremapMaymove = 1, MremapFixed = 2;

    private ulong _brkStart, _brk;
    /// <summary>Mapped ranges [start, end), page-aligned, sorted, merged: the process's VMAs minus their attributes.</summary>
    private readonly List<(ulong Start, ulong End)> _vmas = [];

    private static PageProtection ToPageProt(ulong prot)
    {
        var p = PageProtection.None;
        if ((prot & ProtRead) != 0) p |= PageProtection.Read;
        if ((prot & ProtWrite) != 0) p |= PageProtection.Write;
        if ((prot & ProtExec) != 0) p |= PageProtection.Execute;
        return p;
    }

    private void AddVma(ulong start, ulong end)
    {
        RemoveVma(start, end);
        int i = 0;
        while (i < _vmas.Count && _vmas[i].Start < start) i++;
        _vmas.Insert(i, (start, end));
        // Merge with neighbours that touch.
        if (i + 1 < _vmas.Count && _vmas[i + 1].Start == end)
        {
            _vmas[i] = (start, _vmas[i + 1].End);
            _vmas.RemoveAt(i + 1);
        }
        if (i > 0 && _vmas[i - 1].End == start)
        {
            _vmas[i - 1] = (_vmas[i - 1].Start, _vmas[i].End);
            _vmas.RemoveAt(i);
        }
    }

    private void RemoveVma(ulong start, ulong end)
    {
        for (int i = _vmas.Count - 1; i >= 0; i--)
        {
            var (s, e) = _vmas[i];
            if (e <= start || s >= end) continue;
            _vmas.RemoveAt(i);
            if (e > end) _vmas.Insert(i, (end, e));
            if (s < start) _vmas.Insert(i, (s, start));
        }
    }

    private bool RangeFree(ulong start, ulong end)
    {
        foreach (var (s, e) in _vmas)
            if (s < end && e > start) return false;
        return true;
    }

    private bool RangeFullyMapped(ulong start, ulong end)
    {
        ulong at = start;
        foreach (var (s, e) in _vmas)
        {
            if (e <= at) continue;
            if (s > at) return false;
            at = e;
            if (at >= end) return true;
        }
        return at >= end;
    }

    /// <summary>Highest free gap of <paramref name="len"/> bytes below <see cref="MmapTop"/> (top-down like Linux), or 0.</summary>
    private ulong FindFree(ulong len)
    {
        ulong top = MmapTop;
        for (int i = _vmas.Count - 1; i >= -1; i--)
        {
            ulong gapEnd = top;
            ulong gapStart = i >= 0 ? _vmas[i].End : MmapFloor;
            if (i >= 0 && _vmas[i].Start >= top) continue;
            if (gapStart < MmapFloor) gapStart = MmapFloor;
            if (gapEnd > gapStart && gapEnd - gapStart >= len) return gapEnd - len;
            if (i >= 0) top = Math.Min(top, _vmas[i].Start);
            if (top <= MmapFloor) break;
        }
        return 0;
    }

    private void MapFresh(ulong start, ulong end, PageProtection prot)
    {
        Memory.Unmap(start, end - start); // fresh pages are zero-filled
        Memory.Map(start, end - start, prot);
        AddVma(start, end);
        Cpu.FlushTlb();
    }

    private void UnmapRange(ulong start, ulong end)
    {
        Memory.Unmap(start, end - start);
        RemoveVma(start, end);
        Cpu.FlushTlb();
    }

    private long SysBrk(ulong addr)
    {
        // Linux returns the current break when the request is below the start or cannot be met.
        if (addr < _brkStart) return (long)_brk;
        ulong oldTop = (_brk + PageMask) & ~PageMask;
        ulong newTop = (addr + PageMask) & ~PageMask;
        if (newTop > oldTop)
        {
            if (!RangeFree(oldTop, newTop)) return (long)_brk;
            MapFresh(oldTop, newTop, PageProtection.ReadWrite);
        }
        else if (newTop < oldTop)
        {
            UnmapRange(newTop, oldTop);
        }
        _brk = addr;
        return (long)_brk;
    }

    private long SysMmap(ulong addr, ulong len, ulong prot, ulong flags, int fd, ulong offset)
    {
        if (len == 0 || (offset & PageMask) != 0) return -Errno.EINVAL;
        if ((flags & (MapShared | MapPrivate)) == 0) return -Errno.EINVAL;
        ulong size = (len + PageMask) & ~PageMask;
        if (size < len) return -Errno.ENOMEM;
        GuestFile? file = null;
        if ((flags & MapAnonymous) == 0)
        {
            file = GetFile(fd);
            if (file == null) return -Errno.EBADF;
        }
        ulong start;
        if ((flags & (MapFixed | MapFixedNoReplace)) != 0)
        {
            if ((addr & PageMask) != 0) return -Errno.EINVAL;
            start = addr;
            if ((flags & MapFixedNoReplace) != 0 && !RangeFree(start, start + size)) return -Errno.EEXIST;
        }
        else
        {
            start = 0;
            ulong hint = addr & ~PageMask;
            if (hint != 0 && hint + size > hint && RangeFree(hint, hint + size)) start = hint;
            if (start == 0) start = FindFree(size);
            if (start == 0) return -Errno.ENOMEM;
        }
        MapFresh(start, start + size, PageProtection.ReadWrite);
        if (file != null)
        {
            // A private snapshot of the file: enough for read-only and MAP_PRIVATE mappings.
            var buf = new byte[size];
            long n = file.Pread(buf, (long)offset);
            if (n < 0 && n != -Errno.ESPIPE)
            {
                UnmapRange(start, start + size);
                return n;
            }
            if (n > 0) Memory.WriteBytes(start, buf.AsSpan(0, (int)n));
        }
        Memory.Protect(start, size, ToPageProt(prot));
        Cpu.FlushTlb();
        return (long)start;
    }

    private long SysMunmap(ulong addr, ulong len)
    {
        if ((addr & PageMask) != 0 || len == 0) return -Errno.EINVAL;
        ulong end = addr + ((len + PageMask) & ~PageMask);
        UnmapRange(addr, end);
        return 0;
    }

    private long SysMprotect(ulong addr, ulong len, ulong prot)
    {
        if ((addr & PageMask) != 0) return -Errno.EINVAL;
        ulong end = addr + ((len + PageMask) & ~PageMask);
        if (end == addr) return 0;
        if (!RangeFullyMapped(addr, end)) return -Errno.ENOMEM;
        Memory.Protect(addr, end - addr, ToPageProt(prot));
        Cpu.FlushTlb();
        return 0;
    }

    private long SysMremap(ulong oldAddr, ulong oldLen, ulong newLen, ulong flags, ulong newAddr)
    {
        if ((oldAddr & PageMask) != 0 || newLen == 0) return -Errno.EINVAL;
        ulong oldSize = (oldLen + PageMask) & ~PageMask;
        ulong newSize = (newLen + PageMask) & ~PageMask;
        if (!RangeFullyMapped(oldAddr, oldAddr + Math.Max(oldSize, PageMask + 1))) return -Errno.EFAULT;
        var prot = Memory.ProtectionAt(oldAddr);
        if ((flags & MremapFixed) == 0)
        {
            if (newSize <= oldSize)
            {
                if (newSize < oldSize) UnmapRange(oldAddr + newSize, oldAddr + oldSize);
                return (long)oldAddr;
            }
            if (RangeFree(oldAddr + oldSize, oldAddr + newSize))
            {
                Memory.Map(oldAddr + oldSize, newSize - oldSize, prot);
                AddVma(oldAddr + oldSize, oldAddr + newSize);
                Cpu.FlushTlb();
                return (long)oldAddr;
            }
            if ((flags & MremapMaymove) == 0) return -Errno.ENOMEM;
            newAddr = FindFree(newSize);
            if (newAddr == 0) return -Errno.ENOMEM;
        }
        else if ((newAddr & PageMask) != 0) return -Errno.EINVAL;
        var data = new byte[Math.Min(oldSize, newSize)];
        Memory.ReadBytes(oldAddr, data);
        UnmapRange(oldAddr, oldAddr + oldSize);
        MapFresh(newAddr, newAddr + newSize, PageProtection.ReadWrite);
        Memory.WriteBytes(newAddr, data);
        Memory.Protect(newAddr, newSize, prot);
        Cpu.FlushTlb();
        return (long)newAddr;
    }

    private long SysMadvise(ulong addr, ulong len, ulong advice)
    {
        const int MadvDontneed = 4;
        if ((addr & PageMask) != 0) return -Errno.EINVAL;
        if (advice == MadvDontneed)
        {
            // Private anonymous memory reads back as zeros after MADV_DONTNEED.
            ulong end = addr + ((len + PageMask) & ~PageMask);
            for (ulong p = addr; p < end; p += PageMask + 1)
            {
                if (!Memory.IsMapped(p)) continue;
                var prot = Memory.ProtectionAt(p);
                Memory.Unmap(p, PageMask + 1);
                Memory.Map(p, PageMask + 1, prot);
            }
            Cpu.FlushTlb();
        }
        return 0;
    }
}
