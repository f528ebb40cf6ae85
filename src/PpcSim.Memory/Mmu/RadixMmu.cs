namespace PpcSim.Memory.Mmu;

/// <summary>
/// Radix translation (Power ISA 3.0B Book III 5.7): PTCR -> partition table -> process table ->
/// radix tree, with 4K/64K/2M/1G leaves, hardware reference/change updates, permission and
/// privilege checks, and a translation cache that tlbie/tlbiel invalidate. Tables live in
/// physical memory, big-endian. Real mode (relocation off) passes addresses through with the
/// four high-order bits ignored.
/// </summary>
public sealed class RadixMmu
{
    // DSISR / SRR1 bits (ISA numbering: 33 not found, 35 no-execute, 36 protection, 38 store).
    public const ulong NotFound = 1UL << 30;
    public const ulong NoExecute = 1UL << 28;
    public const ulong Protection = 1UL << 27;
    public const ulong Store = 1UL << 25;
    /// <summary>DSISR[44]: a table entry could not be read (walk hit non-memory).</summary>
    public const ulong WalkError = 1UL << 19;
    /// <summary>
    /// Not a DSISR bit: the EA lies outside the range the radix tree translates, which is a Data /
    /// Instruction Segment interrupt, not a storage interrupt (ISA 3.0B Book III, radix translation;
    /// Linux treats a segment interrupt under radix as a bad address). Equals
    /// <c>Cpu.FaultSegment</c>.
    /// </summary>
    public const ulong Segment = 1UL << 32;

    // PTE bits, big-endian numbering of the doubleword: V=0 L=1 R=55 C=56 ATT=58:59 EAA=60:63.
    private const ulong PteValid = 1UL << 63;
    private const ulong PteLeaf = 1UL << 62;
    private const ulong PteR = 1UL << 8;
    private const ulong PteC = 1UL << 7;
    private const ulong PtePriv = 1UL << 3;
    private const ulong PteRead = 1UL << 2;
    private const ulong PteReadWrite = 1UL << 1;
    private const ulong PteExec = 1UL;
    private const ulong BaseMask = 0x0FFF_FFFF_FFFF_FF00UL; // bits 4:55

    private readonly IPhysicalMemory _phys;
    private readonly Dictionary<(ulong Lpid, ulong Pid, ulong Quadrant, ulong Page), CachedLeaf> _cache = [];

    private readonly record struct CachedLeaf(ulong Pte, ulong PteAddress, int PageShift);

    public RadixMmu(IPhysicalMemory phys) => _phys = phys;

    public int CachedTranslations => _cache.Count;

    /// <summary>tlbie/tlbiel: drop cached translations (the simple and safe reading: all of them).</summary>
    public void InvalidateAll() => _cache.Clear();

    public Translation Translate(ulong ea, AccessKind kind, in TranslationContext ctx)
    {
        if (!ctx.Relocate) return new Translation(true, ea & 0x0FFF_FFFF_FFFF_FFFFUL, 0, CachingAttribute.Normal, 12);
        ulong quadrant = ea >> 62;
        // Quadrant 0: the process (PIDR); quadrant 3: the kernel (PID 0). 1 and 2 are hypervisor-only
        // views of a guest, which a PowerNV kernel running as the host does not use.
        if (quadrant is 1 or 2) return Translation.Fault(Fault(kind, NotFound));
        ulong pid = quadrant == 0 ? ctx.Pid : 0;
        ulong page4k = (ea & 0x3FFF_FFFF_FFFF_FFFFUL) >> 12;
        foreach (int shift in (ReadOnlySpan<int>)[12, 16, 21, 30])
        {
            if (_cache.TryGetValue((ctx.Lpid, pid, quadrant, page4k >> (shift - 12) << (shift - 12)), out var hit) && hit.PageShift == shift)
                return Check(ea, kind, ctx, hit);
        }
        var walked = Walk(ea, kind, ctx, pid);
        if (walked.Fault != 0) return Translation.Fault(walked.Fault);
        var leaf = walked.Leaf;
        _cache[(ctx.Lpid, pid, quadrant, page4k >> (leaf.PageShift - 12) << (leaf.PageShift - 12))] = leaf;
        return Check(ea, kind, ctx, leaf);
    }

    private Translation Check(ulong ea, AccessKind kind, in TranslationContext ctx, CachedLeaf leaf)
    {
        ulong pte = leaf.Pte;
        bool priv = (pte & PtePriv) != 0;
        if (ctx.Problem && priv) return Translation.Fault(Fault(kind, Protection));
        bool allowed = kind switch
        {
            AccessKind.Read => (pte & (PteRead | PteReadWrite)) != 0,
            AccessKind.Write => (pte & PteReadWrite) != 0,
            _ => (pte & PteExec) != 0,
        };
        if (!allowed) return Translation.Fault(kind == AccessKind.Execute ? NoExecute : Fault(kind, Protection));
        // Hardware reference/change recording: R on any access, C on a store.
        ulong need = PteR | (kind == AccessKind.Write ? PteC : 0);
        if ((pte & need) != need)
        {
            if (!_phys.TryOrBigEndian64(leaf.PteAddress, need)) return Translation.Fault(Fault(kind, WalkError));
            foreach (var key in _cache.Where(kv => kv.Value.PteAddress == leaf.PteAddress).Select(kv => kv.Key).ToList())
                _cache[key] = _cache[key] with { Pte = _cache[key].Pte | need };
        }
        ulong pageMask = (1UL << leaf.PageShift) - 1;
        ulong rpn = pte & 0x01FF_FFFF_FFFF_F000UL & ~pageMask; // RPN: bits 7:51
        var att = (CachingAttribute)((pte >> 4) & 3);
        return new Translation(true, rpn | (ea & pageMask), 0, att, leaf.PageShift);
    }

    private static ulong Fault(AccessKind kind, ulong bits) => kind == AccessKind.Write ? bits | Store : bits;

    private (CachedLeaf Leaf, ulong Fault) Walk(ulong ea, AccessKind kind, in TranslationContext ctx, ulong pid)
    {
        ulong patb = ctx.Ptcr & 0x0FFF_FFFF_FFFF_F000UL;
        int pats = (int)(ctx.Ptcr & 0x1f);
        if (ctx.Lpid >= (1UL << (12 + pats - 4))) return (default, Fault(kind, NotFound));
        ulong pate = patb + ctx.Lpid * 16;
        if (!_phys.TryReadBigEndian64(pate + 8, out ulong pate1)) return (default, Fault(kind, WalkError));
        ulong prtb = pate1 & 0x0FFF_FFFF_FFFF_F000UL;
        int prts = (int)(pate1 & 0x1f);
        if (pid >= (1UL << (12 + prts - 4))) return (default, Fault(kind, NotFound));
        if (!_phys.TryReadBigEndian64(prtb + pid * 16, out ulong prte0)) return (default, Fault(kind, WalkError));
        // RTS = bits 1:2 || 56:58: the tree translates 31 + RTS bits of the effective address.
        int rts = (int)(((prte0 >> 61) & 3) << 3 | ((prte0 >> 5) & 7));
        int bits = 31 + rts;
        ulong eaq = ea & 0x3FFF_FFFF_FFFF_FFFFUL;
        if (bits < 64 && (eaq >> bits) != 0) return (default, Segment);
        ulong table = prte0 & BaseMask;
        int size = (int)(prte0 & 0x1f);
        if (table == 0 || size < 5) return (default, Fault(kind, NotFound));
        int remaining = bits;
        while (true)
        {
            remaining -= size;
            if (remaining < 12) return (default, Fault(kind, NotFound));
            ulong index = (eaq >> remaining) & ((1UL << size) - 1);
            ulong entryAddr = table + index * 8;
            if (!_phys.TryReadBigEndian64(entryAddr, out ulong e)) return (default, Fault(kind, WalkError));
            if ((e & PteValid) == 0) return (default, Fault(kind, NotFound));
            if ((e & PteLeaf) != 0)
                return (new CachedLeaf(e, entryAddr, remaining), 0);
            table = e & BaseMask;
            size = (int)(e & 0x1f);
            if (size == 0) return (default, Fault(kind, NotFound));
        }
    }
}
