namespace PpcSim.Core.Tests;

/// <summary>Compare, trap, logical, rotate, shift and BCD-assist semantics (Power ISA 3.0B 3.3.10-3.3.18).</summary>
public class FixedPointLogicalTests
{
    private static Machine Run(string source, ulong r3 = 0, ulong r4 = 0, ulong xer = 0, uint cr = 0)
    {
        var m = new Machine(source);
        m[3] = r3;
        m[4] = r4;
        m.Cpu.Xer = xer;
        m.Cpu.Cr = cr;
        m.Run();
        return m;
    }

    private static ulong R5(string source, ulong r3 = 0, ulong r4 = 0) => Run(source, r3, r4)[5];

    [Fact]
    public void WordComparesIgnoreTheHighWord()
    {
        Assert.Equal(0x2u, Run("cmpw cr1,r3,r4", 0x1_0000_0000UL, 0).CrField(1));   // EQ
        Assert.Equal(0x4u, Run("cmpd cr1,r3,r4", 0x1_0000_0000UL, 0).CrField(1));   // GT
        Assert.Equal(0x8u, Run("cmpw r3,r4", 0xffff_ffffUL, 0).CrField(0));         // -1 < 0
        Assert.Equal(0x4u, Run("cmplw r3,r4", 0xffff_ffffUL, 0).CrField(0));        // 0xffffffff > 0
        Assert.Equal(0x9u, Run("cmpwi cr7,r3,-1", 0xffff_fffeUL, xer: 0x8000_0000UL).CrField(7)); // LT + SO
        Assert.Equal(0x4u, Run("cmpldi cr2,r3,65535", 0x1_0000_0000UL).CrField(2));
        Assert.Equal(0x2u, Run("cmplwi cr2,r3,65535", 0x1_0000_ffffUL).CrField(2));
    }

    [Fact]
    public void CmprbAndCmpeqbSetGt()
    {
        // Ranges in RB: bytes [lo=0x30, hi=0x39] (digits), second range [0x61, 0x7a] (a-z).
        const ulong ranges = 0x7a61_3930UL;
        Assert.Equal(0x4u, Run("cmprb cr3,0,r3,r4", 0x35, ranges).CrField(3));
        Assert.Equal(0x0u, Run("cmprb cr3,0,r3,r4", 0x62, ranges).CrField(3));
        Assert.Equal(0x4u, Run("cmprb cr3,1,r3,r4", 0x62, ranges).CrField(3));
        Assert.Equal(0x4u, Run("cmpeqb cr4,r3,r4", 0x1234_5642UL, 0x0102_0304_0542_0607UL).CrField(4));
        Assert.Equal(0x0u, Run("cmpeqb cr4,r3,r4", 0x43, 0x0102_0304_0542_0607UL).CrField(4));
    }

    [Fact]
    public void SetbFromCrField()
    {
        Assert.Equal(ulong.MaxValue, Run("setb r5,cr6", cr: 0x0000_00c0).Cpu.Gpr[5]); // LT (and GT) -> -1
        Assert.Equal(1UL, Run("setb r5,cr6", cr: 0x0000_0040).Cpu.Gpr[5]);
        Assert.Equal(0UL, Run("setb r5,cr6", cr: 0x0000_0020).Cpu.Gpr[5]);
    }

    [Fact]
    public void TrapsRaiseAProgramInterruptWithTheTrapReason()
    {
        var m = Run("tweq r3,r4\nli r5,1", 0x1_0000_0007UL, 7); // equal low words
        Assert.Equal(Interrupt.Program, m.Cpu.Pending);
        Assert.Equal((ulong)ProgramReason.Trap, m.Cpu.PendingSrr1);
        Assert.Equal(Machine.Code, m.Cpu.Pc);
        m = Run("tdeq r3,r4\nli r5,1", 0x1_0000_0007UL, 7);
        Assert.Equal(Interrupt.None, m.Cpu.Pending);
        Assert.Equal(1UL, m[5]);
        Assert.Equal(Interrupt.Program, Run("twllti r3,5", 4).Cpu.Pending);
        Assert.Equal(Interrupt.None, Run("twlti r3,5", 0xffff_ffff_0000_0006UL).Cpu.Pending); // low word 6
        Assert.Equal(Interrupt.Program, Run("tdlgt r3,r4", ulong.MaxValue, 1).Cpu.Pending);
        Assert.Equal(Interrupt.Program, Run("trap").Cpu.Pending);
    }

    [Fact]
    public void IselPicksRaOrZeroOrRb()
    {
        Assert.Equal(11UL, Run("li r6,11\nli r7,22\nisel r5,r6,r7,4*cr7+eq", cr: 0x2)[5]);
        Assert.Equal(22UL, Run("li r6,11\nli r7,22\nisel r5,r6,r7,4*cr7+eq", cr: 0x4)[5]);
        Assert.Equal(0UL, Run("li r7,22\nli r5,9\niseleq r5,0,r7", cr: 0x2000_0000)[5]);
    }

    [Fact]
    public void LogicalOps()
    {
        const ulong a = 0xff00_ff00_f0f0_0f0fUL, b = 0x0ff0_0ff0_ffff_0000UL;
        Assert.Equal(a & b, R5("and r5,r3,r4", a, b));
        Assert.Equal(a & ~b, R5("andc r5,r3,r4", a, b));
        Assert.Equal(a | ~b, R5("orc r5,r3,r4", a, b));
        Assert.Equal(~(a & b), R5("nand r5,r3,r4", a, b));
        Assert.Equal(~(a | b), R5("nor r5,r3,r4", a, b));
        Assert.Equal(~(a ^ b), R5("eqv r5,r3,r4", a, b));
        Assert.Equal(a ^ 0xffff, R5("xori r5,r3,0xffff", a));
        Assert.Equal(a ^ 0xffff_0000, R5("xoris r5,r3,0xffff", a));
        Assert.Equal(a | 0x1234_0000, R5("oris r5,r3,0x1234", a));
        var m = Run("andis. r5,r3,0x8000", 0x8000_0000UL);
        Assert.Equal(0x8000_0000UL, m[5]);
        Assert.Equal(0x4u, m.CrField(0)); // positive as a doubleword
        m = Run("andi. r5,r3,0xff", 0xff00UL, xer: 0x8000_0000UL);
        Assert.Equal(0x3u, m.CrField(0)); // EQ + SO
    }

    [Fact]
    public void SignExtendAndCount()
    {
        Assert.Equal(0xffff_ffff_ffff_ff80UL, R5("extsb r5,r3", 0x1234_5680UL));
        Assert.Equal(0xffff_ffff_ffff_8001UL, R5("extsh r5,r3", 0x8001UL));
        Assert.Equal(0xffff_ffff_8000_0000UL, R5("extsw r5,r3", 0x1_8000_0000UL));
        Assert.Equal(32UL, R5("cntlzw r5,r3", 0xffff_ffff_0000_0000UL));
        Assert.Equal(31UL, R5("cntlzw r5,r3", 1));
        Assert.Equal(64UL, R5("cntlzd r5,r3", 0));
        Assert.Equal(32UL, R5("cnttzw r5,r3", 0x1_0000_0000UL));
        Assert.Equal(64UL, R5("cnttzd r5,r3", 0));
        Assert.Equal(3UL, R5("cnttzd r5,r3", 8));
        var m = Run("cntlzd. r5,r3", 1);
        Assert.Equal(0x4u, m.CrField(0));
    }

    [Fact]
    public void PopulationAndParity()
    {
        Assert.Equal(0x0801_0203_0400_0008UL, R5("popcntb r5,r3", 0xff01_0307_0f00_00ffUL));
        Assert.Equal(0x0000_0010_0000_0001UL, R5("popcntw r5,r3", 0xf0f0_f0f0_0000_0100UL));
        Assert.Equal(64UL, R5("popcntd r5,r3", ulong.MaxValue));
        // prtyw: LSBs of the bytes of each word: high word 01 00 01 01 -> 1; low word 01 01 00 00 -> 0.
        Assert.Equal(0x0000_0001_0000_0000UL, R5("prtyw r5,r3", 0x0100_0101_0101_0000UL));
        Assert.Equal(1UL, R5("prtyd r5,r3", 0x0100_0101_0101_0000UL));
    }

    [Fact]
    public void CmpbAndBpermd()
    {
        Assert.Equal(0xff00_ff00_0000_00ffUL, R5("cmpb r5,r3,r4", 0x1122_3344_5566_7788UL, 0x1100_3300_0000_0088UL));
        // Indices 0 (MSB), 63 (LSB), 64 (out of range), 1, ...: RB = 0x8000000000000001.
        Assert.Equal(0b1100_0000UL, R5("bpermd r5,r3,r4", 0x003f_4001_0203_0405UL, 0x8000_0000_0000_0001UL));
    }

    [Fact]
    public void RotateWordFillsTheHighWordOnlyThroughAWrappingMask()
    {
        Assert.Equal(0x3456_7812UL, R5("rotlwi r5,r3,8", 0xffff_ffff_1234_5678UL));
        Assert.Equal(0x5678_0000UL, R5("slwi r5,r3,16", 0x1234_5678UL));
        Assert.Equal(0x1234UL, R5("srwi r5,r3,16", 0x1234_5678UL));
        Assert.Equal(0x1234_5000UL, R5("clrrwi r5,r3,12", 0x1234_5678UL));
        // mb=31 > me=0 wraps: MASK(63, 32) keeps the doubled word's high half.
        Assert.Equal(0x8000_0001_8000_0001UL, R5("rlwinm r5,r3,0,31,0", 0x8000_0001UL));
        Assert.Equal(0x3456_7812UL, R5("li r6,40\nrlwnm r5,r3,r6,0,31", 0x1234_5678UL)); // rotate by 40 & 31 = 8
    }

    [Fact]
    public void RlwimiInsertsUnderTheMask()
    {
        var m = new Machine("rlwimi r5,r3,8,16,23");
        m[3] = 0xab;
        m[5] = 0xffff_ffff_ffff_ffffUL;
        m.Run();
        Assert.Equal(0xffff_ffff_ffff_abffUL, m[5]);
    }

    [Fact]
    public void RotateDoubleword()
    {
        const ulong x = 0x0123_4567_89ab_cdefUL;
        Assert.Equal(0x2345_6789_abcd_ef01UL, R5("rotldi r5,r3,8", x));
        Assert.Equal(0x0000_0067_89ab_cdefUL, R5("clrldi r5,r3,24", x));
        Assert.Equal(0x0000_0000_0123_4567UL, R5("srdi r5,r3,32", x));
        Assert.Equal(0x89ab_cdef_0000_0000UL, R5("sldi r5,r3,32", x));
        Assert.Equal(0x0123_4567_89ab_c000UL, R5("clrrdi r5,r3,12", x));
        Assert.Equal(0x0000_4567_89ab_cd00UL, R5("rldic r5,r3,8,16", 0x0000_0045_6789_abcdUL));
        Assert.Equal(0xef01_2345_6789_abcdUL & 0x00ff_ffff_ffff_ffffUL, R5("li r6,8\nneg r6,r6\nrldcl r5,r3,r6,8", x)); // rotate by -8 & 63 = 56
        Assert.Equal(0x2345_6789_abcd_ef00UL, R5("li r6,8\nrldcr r5,r3,r6,55", x));
        var m = new Machine("rldimi r5,r3,32,0");
        m[3] = 0xaaaa_bbbbUL;
        m[5] = 0x1111_2222_3333_4444UL;
        m.Run();
        Assert.Equal(0xaaaa_bbbb_3333_4444UL, m[5]);
    }

    [Fact]
    public void ShiftsByLargeAmounts()
    {
        Assert.Equal(0UL, R5("slw r5,r3,r4", 0xffff_ffffUL, 32));
        Assert.Equal(0x8000_0000UL, R5("slw r5,r3,r4", 1, 31 + 64)); // only RB[58:63] counts
        Assert.Equal(1UL, R5("srw r5,r3,r4", 0x8000_0000UL, 31));
        Assert.Equal(0UL, R5("sld r5,r3,r4", 1, 64));
        Assert.Equal(1UL << 63, R5("sld r5,r3,r4", 1, 63));
        Assert.Equal(0UL, R5("srd r5,r3,r4", ulong.MaxValue, 100));
        Assert.Equal(1UL, R5("srd r5,r3,r4", ulong.MaxValue, 63 + 128)); // RB[57:63]
    }

    [Fact]
    public void AlgebraicShiftsSetCaOnlyWhenOnesShiftOutOfANegativeValue()
    {
        var m = Run("sraw r5,r3,r4", 0xffff_fff5UL, 2); // -11 >> 2 = -3, ones lost
        Assert.Equal(unchecked((ulong)-3L), m[5]);
        Assert.True(m.Cpu.Ca && m.Cpu.Ca32);
        m = Run("sraw r5,r3,r4", 0xffff_fff4UL, 2); // -12 >> 2 exact
        Assert.Equal(unchecked((ulong)-3L), m[5]);
        Assert.False(m.Cpu.Ca || m.Cpu.Ca32);
        m = Run("sraw r5,r3,r4", 0x8000_0000UL, 40);
        Assert.Equal(ulong.MaxValue, m[5]);
        Assert.True(m.Cpu.Ca);
        m = Run("srawi r5,r3,0", 0xffff_ffffUL, xer: 0x2000_0000);
        Assert.Equal(ulong.MaxValue, m[5]);
        Assert.False(m.Cpu.Ca);
        m = Run("sradi. r5,r3,4", 0xffff_ffff_ffff_ff01UL);
        Assert.Equal(0xffff_ffff_ffff_fff0UL, m[5]);
        Assert.True(m.Cpu.Ca);
        Assert.Equal(0x8u, m.CrField(0));
        m = Run("srad r5,r3,r4", 0x7fff_ffff_ffff_ffffUL, 64);
        Assert.Equal(0UL, m[5]);
        Assert.False(m.Cpu.Ca);
    }

    [Fact]
    public void ExtswsliSignExtendsThenShifts()
    {
        Assert.Equal(0xffff_fff8_0000_0000UL, R5("extswsli r5,r3,35", 0x1234_5678_ffff_ffffUL));
    }

    [Fact]
    public void BcdAssist()
    {
        // 999 is declet 0x0ff, 080 is 0x00a, 800 is 0x00c, 008 is 0x008.
        Assert.Equal(0x0099_9080_0080_0008UL, R5("cdtbcd r5,r3", 0x0003_fc0a_0000_3008UL));
        Assert.Equal(0x0003_fc0a_0000_3008UL, R5("cbcdtd r5,r3", 0x0099_9080_0080_0008UL));
        for (uint n = 0; n < 1000; n++)
        {
            uint bcd = ((n / 100) << 8) | ((n / 10 % 10) << 4) | (n % 10);
            Assert.Equal(bcd, Dpd.ToBcd(Dpd.FromBcd(bcd)));
        }
        // 0x19 + 0x03 (BCD 19 + 03): the low digit carries in the decimal add but not in binary.
        Assert.Equal(0x6666_6666_6666_6666UL, R5("addg6s r5,r3,r4", 0x19, 0x03));
        Assert.Equal(0x6666_6666_6666_6660UL, R5("addg6s r5,r3,r4", 0x0f, 0x01));
    }
}
