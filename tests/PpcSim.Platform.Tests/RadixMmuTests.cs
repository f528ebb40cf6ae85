using PpcSim.Memory.Mmu;

namespace PpcSim.Platform.Tests;

/// <summary>
/// Radix translation built by hand from ISA 3.0B Book III 5.7: a 52-bit tree (RTS=21) with a
/// 13-bit root and 9-bit lower levels, so leaves at level 2/3/4 map 1G/2M/4K pages.
/// </summary>
public class RadixMmuTests
{
    private const ulong PartitionTable = 0x10000, ProcessTable = 0x20000;
    private const ulong Root = 0x40000, L2 = 0x60000, L3 = 0x61000, L4 = 0x62000;
    private const ulong V = 1UL << 63, L = 1UL << 62, R = 1UL << 8, C = 1UL << 7;
    private const ulong Priv = 1UL << 3, Read = 1UL << 2, Rw = 1UL << 1, X = 1UL;

    private readonly FakePhysicalMemory _mem = new(0x100000);
    private readonly RadixMmu _mmu;
    private readonly TranslationContext _kernel = new(Relocate: true, Problem: false, Hypervisor: true, Ptcr: PartitionTable | 4, Lpid: 0, Pid: 1);
    private readonly TranslationContext _user;

    public RadixMmuTests()
    {
        _mmu = new RadixMmu(_mem);
        _user = _kernel with { Problem = true };
        // Partition table entry 0: dw1 = process table base | PRTS (size 2^(12+4) bytes).
        _mem.Write(PartitionTable + 8, ProcessTable | 4);
        // Process table entry for PID 1: RTS = 21 (0b10101: bits 1:2 = 0b10, bits 56:58 = 0b101), root size 13.
        ulong rts = (0b10UL << 61) | (0b101UL << 5);
        _mem.Write(ProcessTable + 1 * 16, rts | Root | 13);
        // Also PID 0 (quadrant 3, the kernel) shares the same tree.
        _mem.Write(ProcessTable + 0 * 16, rts | Root | 13);
    }

    private void MapChain(ulong ea)
    {
        // Root index: EA bits [51:39]; level 2 [38:30]; level 3 [29:21]; level 4 [20:12].
        _mem.Write(Root + ((ea >> 39) & 0x1fff) * 8, V | L2 | 9);
        _mem.Write(L2 + ((ea >> 30) & 0x1ff) * 8, V | L3 | 9);
        _mem.Write(L3 + ((ea >> 21) & 0x1ff) * 8, V | L4 | 9);
    }

    [Fact]
    public void FourKPageTranslatesAndSetsReferenceAndChange()
    {
        ulong ea = 0x0000_1234_5678_9abcUL & 0x000F_FFFF_FFFF_FFFFUL;
        MapChain(ea);
        ulong pteAddr = L4 + ((ea >> 12) & 0x1ff) * 8;
        _mem.Write(pteAddr, V | L | 0x7_7000 | Read | Rw);
        var t = _mmu.Translate(ea, AccessKind.Read, _user);
        Assert.True(t.Ok);
        Assert.Equal(0x7_7000UL | (ea & 0xfff), t.RealAddress);
        Assert.Equal(R, _mem.Read(pteAddr) & (R | C));
        var w = _mmu.Translate(ea, AccessKind.Write, _user);
        Assert.True(w.Ok);
        Assert.Equal(R | C, _mem.Read(pteAddr) & (R | C));
    }

    [Fact]
    public void TwoMegAndOneGigLeaves()
    {
        ulong ea2m = 0x0000_0000_4060_1234UL;
        _mem.Write(Root + ((ea2m >> 39) & 0x1fff) * 8, V | L2 | 9);
        _mem.Write(L2 + ((ea2m >> 30) & 0x1ff) * 8, V | L3 | 9);
        _mem.Write(L3 + ((ea2m >> 21) & 0x1ff) * 8, V | L | 0x2000_0000 | Read | Rw | X);
        var t = _mmu.Translate(ea2m, AccessKind.Execute, _kernel);
        Assert.True(t.Ok);
        Assert.Equal(21, t.PageShift);
        Assert.Equal(0x2000_0000UL | (ea2m & 0x1f_ffff), t.RealAddress);

        ulong ea1g = 0x0000_0080_1234_5678UL;
        _mem.Write(Root + ((ea1g >> 39) & 0x1fff) * 8, V | 0x70000 | 9);
        _mem.Write(0x70000 + ((ea1g >> 30) & 0x1ff) * 8, V | L | 0x4000_0000 | Read);
        var g = _mmu.Translate(ea1g, AccessKind.Read, _kernel);
        Assert.True(g.Ok);
        Assert.Equal(30, g.PageShift);
        Assert.Equal(0x4000_0000UL | (ea1g & 0x3fff_ffff), g.RealAddress);
    }

    [Fact]
    public void FaultsCarryDsisrBits()
    {
        ulong ea = 0x0000_0000_1000_0000UL;
        MapChain(ea);
        ulong pteAddr = L4 + ((ea >> 12) & 0x1ff) * 8;
        // Not present.
        var nf = _mmu.Translate(ea, AccessKind.Write, _user);
        Assert.False(nf.Ok);
        Assert.Equal(RadixMmu.NotFound | RadixMmu.Store, nf.FaultBits);
        // Read-only page written.
        _mem.Write(pteAddr, V | L | 0x9000 | Read);
        _mmu.InvalidateAll();
        var ro = _mmu.Translate(ea, AccessKind.Write, _user);
        Assert.Equal(RadixMmu.Protection | RadixMmu.Store, ro.FaultBits);
        // Privileged page from problem state; fine from the kernel.
        _mem.Write(pteAddr, V | L | 0x9000 | Read | Rw | Priv);
        _mmu.InvalidateAll();
        Assert.Equal(RadixMmu.Protection, _mmu.Translate(ea, AccessKind.Read, _user).FaultBits);
        Assert.True(_mmu.Translate(ea, AccessKind.Read, _kernel).Ok);
        // No execute permission.
        Assert.Equal(RadixMmu.NoExecute, _mmu.Translate(ea, AccessKind.Execute, _kernel).FaultBits);
    }

    [Fact]
    public void CachedTranslationSurvivesUntilInvalidated()
    {
        ulong ea = 0x0000_0000_2000_3000UL;
        MapChain(ea);
        ulong pteAddr = L4 + ((ea >> 12) & 0x1ff) * 8;
        _mem.Write(pteAddr, V | L | 0xA000 | Read | R);
        Assert.Equal(0xA000UL, _mmu.Translate(ea, AccessKind.Read, _kernel).RealAddress);
        _mem.Write(pteAddr, V | L | 0xB000 | Read | R);
        Assert.Equal(0xA000UL, _mmu.Translate(ea, AccessKind.Read, _kernel).RealAddress);
        _mmu.InvalidateAll();
        Assert.Equal(0xB000UL, _mmu.Translate(ea, AccessKind.Read, _kernel).RealAddress);
    }

    [Fact]
    public void RealModePassesThrough()
    {
        var t = _mmu.Translate(0x8000_0000_0001_2345UL, AccessKind.Read, _kernel with { Relocate = false });
        Assert.True(t.Ok);
        Assert.Equal(0x0000_0000_0001_2345UL, t.RealAddress);
    }

    [Fact]
    public void KernelQuadrantUsesPidZero()
    {
        ulong ea = 0xC000_0000_0003_0000UL;
        ulong eaq = ea & 0x3FFF_FFFF_FFFF_FFFFUL;
        MapChain(eaq);
        _mem.Write(L4 + ((eaq >> 12) & 0x1ff) * 8, V | L | 0xC000 | Read | R);
        var t = _mmu.Translate(ea, AccessKind.Read, _kernel with { Pid = 7 });
        Assert.True(t.Ok);
        Assert.Equal(0xC000UL, t.RealAddress);
    }
}
