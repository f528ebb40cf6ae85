using PpcSim.Isa;

namespace PpcSim.Core;

public sealed unsafe partial class Cpu
{
    private const int CodePageShift = 12;
    private const int CodePageEntries = 1 << (CodePageShift - 2);
    private const int TlbSize = 256;
    private const ulong NoTag = ulong.MaxValue;

    private readonly TlbEntry[] _readTlb = new TlbEntry[TlbSize];
    private readonly TlbEntry[] _writeTlb = new TlbEntry[TlbSize];
    private readonly Dictionary<ulong, DecodedInsn[]> _codePages = [];
    // Recently used code pages, direct-mapped: calls and returns cross pages often, and this
    // saves the dictionary lookup on most of those switches.
    private const int RecentPages = 64;
    private readonly ulong[] _recentTags = CreateRecentTags();
    private readonly DecodedInsn[]?[] _recentPages = new DecodedInsn[RecentPages][];

    private static ulong[] CreateRecentTags()
    {
        var t = new ulong[RecentPages];
        Array.Fill(t, NoTag);
        return t;
    }
    private DecodedInsn[]? _codeEntries;
    private ulong _codeTag = NoTag;

    private void RaiseInstructionStorage(MemFault f, ulong pc)
    {
        ulong bits = Mem.FaultBits != 0 ? Mem.FaultBits : f == MemFault.Protection ? Srr1IsiProtection : Srr1IsiNotFound;
        Mem.FaultBits = 0;
        Raise((bits & FaultSegment) != 0 ? Interrupt.InstructionSegment : Interrupt.InstructionStorage, bits & ~FaultSegment, pc, f);
    }

    /// <summary>Drops every fast-path translation (after mmap/munmap/mprotect, MSR[LE/IR/DR/PR] changes, tlbie).</summary>
    public void FlushTlb()
    {
        for (int i = 0; i < TlbSize; i++)
        {
            _readTlb[i] = new TlbEntry { Tag = NoTag };
            _writeTlb[i] = new TlbEntry { Tag = NoTag };
        }
    }

    /// <summary>Drops all decoded instructions (e.g. after the address space changed).</summary>
    public void FlushDecodeCache()
    {
        _codePages.Clear();
        Array.Fill(_recentTags, NoTag);
        Array.Clear(_recentPages);
        _codeEntries = null;
        _codeTag = NoTag;
    }

    /// <summary>Sets MSR; flushes translations when a bit that changes them changes.</summary>
    public void SetMsr(ulong value)
    {
        const ulong translationBits = Core.Msr.LE | Core.Msr.IR | Core.Msr.DR | Core.Msr.PR | Core.Msr.HV;
        ulong changed = Msr ^ value;
        Msr = value;
        // Enabling EE or leaving hypervisor/privileged state can make a held interrupt deliverable.
        if ((changed & (Core.Msr.EE | Core.Msr.HV | Core.Msr.PR)) != 0) RequestAsyncCheck();
        if ((changed & translationBits) != 0)
        {
            FlushTlb();
            if ((changed & (Core.Msr.IR | Core.Msr.HV | Core.Msr.PR | Core.Msr.LE)) != 0) FlushDecodeCache();
        }
    }

    private void InvalidateCodePage(ulong ea)
    {
        ulong tag = ea >> CodePageShift;
        _codePages.Remove(tag);
        int slot = (int)(tag & (RecentPages - 1));
        if (_recentTags[slot] == tag)
        {
            _recentTags[slot] = NoTag;
            _recentPages[slot] = null;
        }
        if (tag == _codeTag)
        {
            _codeEntries = null;
            _codeTag = NoTag;
        }
    }

    private void SwitchCodePage(ulong pc)
    {
        ulong tag = pc >> CodePageShift;
        int recent = (int)(tag & (RecentPages - 1));
        if (_recentTags[recent] == tag)
        {
            _codeEntries = _recentPages[recent];
            _codeTag = tag;
            return;
        }
        if (!_codePages.TryGetValue(tag, out var entries))
        {
            // Fetch the first word to learn whether the page is executable before caching it.
            var f = Mem.Fetch(pc, out _);
            if (f != MemFault.None)
            {
                RaiseInstructionStorage(f, pc);
                _codeEntries = null;
                _codeTag = NoTag;
                return;
            }
            entries = new DecodedInsn[CodePageEntries];
            _codePages[tag] = entries;
            Mem.MarkCode(pc);
            // Writes to this page must now take the slow path so they can invalidate it.
            _writeTlb[(int)(pc >> 12) & (TlbSize - 1)] = new TlbEntry { Tag = NoTag };
        }
        _recentTags[recent] = tag;
        _recentPages[recent] = entries;
        _codeEntries = entries;
        _codeTag = tag;
    }

    private bool DecodeInto(ref DecodedInsn e, ulong pc)
    {
        var f = Mem.Fetch(pc, out uint word);
        if (f != MemFault.None)
        {
            RaiseInstructionStorage(f, pc);
            return false;
        }
        if (!LittleEndian) word = (uint)Swap(word, 4);
        Op op = Decoder.Instance.Decode(word);
        e.Word = word;
        e.Op = op;
        e.Handler = Dispatch.Handlers[(int)op];
        e.ExtraCycles = (ushort)Math.Max(0, IsaTable.Get(op).Latency - 1);
        ApplyObserver(ref e, pc);
        if (_debug != null && _debug.Breakpoints.Contains(pc)) e.Handler = &BreakpointTrap;
        return true;
    }

    /// <summary>Decodes the word at <paramref name="pc"/> without executing it (for tracing and debuggers).</summary>
    public Op PeekOp(ulong pc, out uint word)
    {
        if (Mem.Fetch(pc, out word) != MemFault.None) return Op.Invalid;
        if (!LittleEndian) word = (uint)Swap(word, 4);
        return Decoder.Instance.Decode(word);
    }

    private bool FillTlb(ulong ea, bool write)
    {
        // Watched pages stay out of the fast path so every access reaches the watch check.
        if (_debug != null && _debug.WatchedPages.Contains(ea >> 12)) return false;
        var page = Mem.TryGetHostPage(ea, write, out int offset, out ulong pa, out bool report);
        if (page == null) return false;
        var tlb = write ? _writeTlb : _readTlb;
        tlb[(int)(ea >> 12) & (TlbSize - 1)] = new TlbEntry { Tag = ea >> 12, Page = page, Offset = offset, Report = report, Pa = pa & ~0xfffUL };
        return true;
    }

    /// <summary>
    /// Drops the fast-path translations of one real page (another thread's stores to it must now
    /// be seen through the port): a scan of the small TLB, no reverse map needed.
    /// </summary>
    public void DropHostPage(ulong pagePa, bool read, bool write)
    {
        pagePa &= ~0xfffUL;
        for (int i = 0; i < TlbSize; i++)
        {
            if (read && _readTlb[i].Pa == pagePa && _readTlb[i].Tag != NoTag) _readTlb[i] = new TlbEntry { Tag = NoTag };
            if (write && _writeTlb[i].Pa == pagePa && _writeTlb[i].Tag != NoTag) _writeTlb[i] = new TlbEntry { Tag = NoTag };
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ReportFastStore(in TlbEntry t, ulong ea, int size) => Mem.ReportStore(t.Pa | (ea & 0xfff), size);
}
