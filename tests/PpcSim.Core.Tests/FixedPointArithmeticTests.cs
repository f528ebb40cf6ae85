namespace PpcSim.Core.Tests;

/// <summary>
/// Add/subtract/multiply/divide semantics against values worked out from Power ISA 3.0B 3.3.9:
/// CA/CA32 (carry out of bit 0 / bit 32), OV/OV32 (signed overflow of the doubleword / the low
/// word), SO sticky, CR0 from the 64-bit result with SO copied.
/// </summary>
public class FixedPointArithmeticTests
{
    private const ulong Min64 = 0x8000_0000_0000_0000UL, Max64 = 0x7fff_ffff_ffff_ffffUL;

    private static Cpu Run(string source, ulong r3 = 0, ulong r4 = 0, ulong xer = 0)
    {
        var m = new Machine(source);
        m[3] = r3;
        m[4] = r4;
        m.Cpu.Xer = xer;
        m.Run();
        Assert.Equal(Interrupt.None, m.Cpu.Pending);
        return m.Cpu;
    }

    private static void AssertXer(Cpu c, bool so, bool ov, bool ov32, bool ca, bool ca32)
    {
        Assert.Equal((so, ov, ov32, ca, ca32), (c.So, c.Ov, c.Ov32, c.Ca, c.Ca32));
    }

    [Fact]
    public void AddcCarriesOutOfBothHalves()
    {
        var c = Run("addc r5,r3,r4", ulong.MaxValue, 1);
        Assert.Equal(0UL, c.Gpr[5]);
        AssertXer(c, so: false, ov: false, ov32: false, ca: true, ca32: true);
    }

    [Fact]
    public void AddcCarryOutOfTheLowWordOnlySetsCa32()
    {
        var c = Run("addc r5,r3,r4", 0xffff_ffffUL, 1);
        Assert.Equal(0x1_0000_0000UL, c.Gpr[5]);
        AssertXer(c, so: false, ov: false, ov32: false, ca: false, ca32: true);
    }

    [Fact]
    public void AddoOverflowOfTheDoublewordOnly()
    {
        // Low words: 0xffffffff + 1 = -1 + 1, no 32-bit overflow.
        var c = Run("addo r5,r3,r4", Max64, 1);
        Assert.Equal(Min64, c.Gpr[5]);
        AssertXer(c, so: true, ov: true, ov32: false, ca: false, ca32: false);
    }

    [Fact]
    public void AddoOverflowOfTheLowWordOnly()
    {
        var c = Run("addo r5,r3,r4", 0x7fff_ffffUL, 1);
        Assert.Equal(0x8000_0000UL, c.Gpr[5]);
        AssertXer(c, so: false, ov: false, ov32: true, ca: false, ca32: false);
    }

    [Fact]
    public void SummaryOverflowIsStickyAndCopiedToCr0()
    {
        // SO set beforehand; addo. without overflow clears OV but not SO; CR0 = GT|SO.
        var c = Run("addo. r5,r3,r4", 1, 2, xer: 0x8000_0000UL | 0x4000_0000UL);
        Assert.Equal(3UL, c.Gpr[5]);
        AssertXer(c, so: true, ov: false, ov32: false, ca: false, ca32: false);
        Assert.Equal(0x5u, c.Cr >> 28);
    }

    [Fact]
    public void AddWithoutOeLeavesXerAlone()
    {
        var c = Run("add. r5,r3,r4", Max64, 1, xer: 0x2000_0000UL);
        Assert.Equal(Min64, c.Gpr[5]);
        AssertXer(c, so: false, ov: false, ov32: false, ca: true, ca32: false);
        Assert.Equal(0x8u, c.Cr >> 28); // LT
    }

    [Theory]
    [InlineData(3UL, 5UL, 2UL, true)]                 // 5 - 3: no borrow, CA = 1
    [InlineData(5UL, 3UL, 0xffff_ffff_ffff_fffeUL, false)] // 3 - 5 borrows
    [InlineData(0UL, 0UL, 0UL, true)]                 // ~0 + 0 + 1 carries out
    public void SubfcCarryIsNotBorrow(ulong ra, ulong rb, ulong result, bool ca)
    {
        var c = Run("subfc r5,r3,r4", ra, rb);
        Assert.Equal(result, c.Gpr[5]);
        Assert.Equal(ca, c.Ca);
        Assert.Equal(ca, c.Ca32);
    }

    [Fact]
    public void AddeChainsA128BitAdd()
    {
        // (r3:r6) + (r4:r7) with the low halves first.
        var m = new Machine("addc r8,r6,r7\nadde r9,r3,r4");
        m[3] = 1; m[6] = ulong.MaxValue;
        m[4] = 2; m[7] = 1;
        m.Run();
        Assert.Equal(0UL, m[8]);
        Assert.Equal(4UL, m[9]);
        Assert.False(m.Cpu.Ca);
    }

    [Fact]
    public void SubfeWithoutCarryIsRbMinusRaMinusOne()
    {
        var c = Run("subfe r5,r3,r4", 3, 10);
        Assert.Equal(6UL, c.Gpr[5]);
        Assert.True(c.Ca);
    }

    [Fact]
    public void AddmeAddzeSubfmeSubfze()
    {
        // CA = 1 on entry for each (XER[CA] = bit 29).
        Assert.Equal(5UL, Run("addme r5,r3", 5, xer: 0x2000_0000).Gpr[5]);          // 5 - 1 + 1
        Assert.Equal(6UL, Run("addze r5,r3", 5, xer: 0x2000_0000).Gpr[5]);          // 5 + 1
        Assert.Equal(unchecked((ulong)-6), Run("subfme r5,r3", 5, xer: 0x2000_0000).Gpr[5]); // ~5 - 1 + 1
        Assert.Equal(unchecked((ulong)-5), Run("subfze r5,r3", 5, xer: 0x2000_0000).Gpr[5]); // ~5 + 1
        var c = Run("addmeo r5,r3", Min64, xer: 0); // MIN - 1 overflows, and carries (MIN + ~0)
        Assert.Equal(Max64, c.Gpr[5]);
        AssertXer(c, so: true, ov: true, ov32: false, ca: true, ca32: false);
    }

    [Fact]
    public void NegOverflowsOnlyForTheMostNegativeValue()
    {
        var c = Run("nego. r5,r3", Min64);
        Assert.Equal(Min64, c.Gpr[5]);
        AssertXer(c, so: true, ov: true, ov32: false, ca: false, ca32: false);
        c = Run("nego r5,r3", 0x8000_0000UL);
        Assert.Equal(0xffff_ffff_8000_0000UL, c.Gpr[5]);
        AssertXer(c, so: false, ov: false, ov32: true, ca: false, ca32: false);
        c = Run("nego r5,r3", 0, xer: 0x2000_0000); // CA untouched by neg
        Assert.Equal(0UL, c.Gpr[5]);
        AssertXer(c, so: false, ov: false, ov32: false, ca: true, ca32: false);
    }

    [Fact]
    public void AddicDotSetsCaAndCr0()
    {
        var c = Run("addic. r5,r3,-1", 0);
        Assert.Equal(ulong.MaxValue, c.Gpr[5]);
        Assert.False(c.Ca);
        Assert.Equal(0x8u, c.Cr >> 28);
        c = Run("addic r5,r3,-1", 1);
        Assert.Equal(0UL, c.Gpr[5]);
        Assert.True(c.Ca);
        Assert.True(c.Ca32);
    }

    [Fact]
    public void SubficIsImmediateMinusRa()
    {
        var c = Run("subfic r5,r3,100", 30);
        Assert.Equal(70UL, c.Gpr[5]);
        Assert.True(c.Ca);
        c = Run("subfic r5,r3,0", 1);
        Assert.Equal(ulong.MaxValue, c.Gpr[5]);
        Assert.False(c.Ca);
    }

    [Fact]
    public void AddexUsesOvAsItsCarry()
    {
        var c = Run("addex r5,r3,r4,0", ulong.MaxValue, 1, xer: 0x4000_0000); // OV = 1 in
        Assert.Equal(1UL, c.Gpr[5]);
        Assert.True(c.Ov);
        Assert.True(c.Ov32);
        Assert.False(c.So); // addex never touches SO
        Assert.False(c.Ca);
    }

    [Fact]
    public void MullwIsTheFullProductOfTheLowWords()
    {
        var c = Run("mullwo r5,r3,r4", 0xdead_0001_0000UL, 0x1_0000UL);
        Assert.Equal(0x1_0000_0000UL, c.Gpr[5]);
        AssertXer(c, so: true, ov: true, ov32: true, ca: false, ca32: false);
        c = Run("mullw r5,r3,r4", 0xffff_ffffUL, 3); // -1 * 3
        Assert.Equal(unchecked((ulong)-3L), c.Gpr[5]);
    }

    [Fact]
    public void MulldoOverflowAndHighProducts()
    {
        var c = Run("mulldo r5,r3,r4", 1UL << 32, 1UL << 31);
        Assert.Equal(Min64, c.Gpr[5]);
        Assert.True(c.Ov && c.Ov32 && c.So);
        Assert.Equal(0UL, Run("mulhd r5,r3,r4", ulong.MaxValue, ulong.MaxValue).Gpr[5]);
        Assert.Equal(0xffff_ffff_ffff_fffeUL, Run("mulhdu r5,r3,r4", ulong.MaxValue, ulong.MaxValue).Gpr[5]);
        Assert.Equal(ulong.MaxValue, Run("mulhd r5,r3,r4", ulong.MaxValue, 5).Gpr[5]);
        Assert.Equal(unchecked((ulong)-5L), Run("mulli r5,r3,-5", 1).Gpr[5]);
    }

    [Fact]
    public void MulhwHighWordZeroExtended()
    {
        // -1 * -1 = 1: high word 0; 0x80000000 * 2 signed = -2^32: high word 0xffffffff.
        Assert.Equal(0UL, Run("mulhw r5,r3,r4", 0xffff_ffffUL, 0xffff_ffffUL).Gpr[5]);
        Assert.Equal(0xffff_ffffUL, Run("mulhw r5,r3,r4", 0x8000_0000UL, 2).Gpr[5]);
        Assert.Equal(0xffff_fffeUL, Run("mulhwu r5,r3,r4", 0xffff_ffffUL, 0xffff_ffffUL).Gpr[5]);
    }

    [Fact]
    public void DivideWordTruncatesTowardZero()
    {
        Assert.Equal(0xffff_fffdUL, Run("divw r5,r3,r4", 7, unchecked((ulong)-2L)).Gpr[5]);
        Assert.Equal(0x7fff_ffffUL, Run("divwu r5,r3,r4", 0xffff_ffffUL, 2).Gpr[5]);
        Assert.Equal(unchecked((ulong)-3L), Run("divd r5,r3,r4", unchecked((ulong)-7L), 2).Gpr[5]);
        Assert.Equal(Max64, Run("divdu r5,r3,r4", ulong.MaxValue, 2).Gpr[5]);
    }

    [Fact]
    public void DivideOverflowSetsOvAndOv32()
    {
        var c = Run("divwo. r5,r3,r4", 0x8000_0000UL, 0xffff_ffffUL);
        AssertXer(c, so: true, ov: true, ov32: true, ca: false, ca32: false);
        Assert.Equal(1u, (c.Cr >> 28) & 1); // SO copied into CR0
        c = Run("divdo r5,r3,r4", 5, 0);
        AssertXer(c, so: true, ov: true, ov32: true, ca: false, ca32: false);
        c = Run("divduo r5,r3,r4", 5, 2, xer: 0x4008_0000); // OV and OV32 cleared when fine
        Assert.Equal(2UL, c.Gpr[5]);
        AssertXer(c, so: false, ov: false, ov32: false, ca: false, ca32: false);
    }

    [Fact]
    public void DivideExtended()
    {
        Assert.Equal(1UL << 63, Run("divdeu r5,r3,r4", 1, 2).Gpr[5]);
        Assert.Equal(1UL << 62, Run("divde r5,r3,r4", 1, 4).Gpr[5]);
        Assert.Equal(Min64, Run("divde r5,r3,r4", ulong.MaxValue, 2).Gpr[5]);
        var c = Run("divdeo r5,r3,r4", 1, 1); // 2^64 does not fit
        Assert.True(c.Ov);
        Assert.Equal(1UL << 30, Run("divwe r5,r3,r4", 1, 4).Gpr[5]);
        c = Run("divweo r5,r3,r4", 1, 2); // 2^31 is not a signed word
        Assert.True(c.Ov && c.Ov32);
        Assert.Equal(1UL << 31, Run("divweu r5,r3,r4", 1, 2).Gpr[5]);
    }

    [Fact]
    public void ModuloSignedAndUnsigned()
    {
        Assert.Equal(ulong.MaxValue, Run("modsw r5,r3,r4", 0xffff_fff9UL, 2).Gpr[5]); // -7 % 2 = -1
        Assert.Equal(1UL, Run("moduw r5,r3,r4", 0xffff_fff9UL, 2).Gpr[5]);
        Assert.Equal(ulong.MaxValue, Run("modsd r5,r3,r4", unchecked((ulong)-7L), 2).Gpr[5]);
        Assert.Equal(3UL, Run("modud r5,r3,r4", 10, 7).Gpr[5]);
        Assert.Equal(0UL, Run("modud r5,r3,r4", 10, 0).Gpr[5]);
    }

    [Fact]
    public void DarnUsesTheSeededSource()
    {
        var m = new Machine("darn r5,0\ndarn r6,1\ndarn r7,2\ndarn r8,3");
        ulong n = 0;
        m.Cpu.RandomSource = () => 0x1111_2222_3333_4444UL + n++;
        m.Run();
        Assert.Equal(0x3333_4444UL, m[5]);
        Assert.Equal(0x1111_2222_3333_4445UL, m[6]);
        Assert.Equal(0x1111_2222_3333_4446UL, m[7]);
        Assert.Equal(ulong.MaxValue, m[8]);
    }

    [Fact]
    public void NarrowModeComputesCarryAndCr0FromTheLowWord()
    {
        var m = new Machine("addc. r5,r3,r4");
        m.Cpu.SetMsr(m.Cpu.Msr & ~Msr.SF);
        m[3] = 0xffff_ffffUL;
        m[4] = 1;
        m.Run();
        Assert.Equal(0x1_0000_0000UL, m[5]);
        Assert.True(m.Cpu.Ca); // CA is the 32-bit carry in 32-bit mode
        Assert.Equal(0x2u, m.Cpu.Cr >> 28); // low word is zero: EQ
    }
}
