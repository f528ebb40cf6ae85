using PpcSim.Core.Random;
using PpcSim.Isa;

namespace PpcSim.DiffTests;

/// <summary>The tester's own machinery, without qemu: shrinking, undefined-result rules, record format.</summary>
public class ShrinkerAndRuleTests
{
    /// <summary>A fake oracle that "mismatches" whenever the case still contains one given word.</summary>
    [Fact]
    public void ShrinkerKeepsOnlyTheCulprit()
    {
        var gen = new Generator(99, s => OpCatalog.Category(s) == OpCategory.Integer);
        var tc = gen.Generate("shrink", Layout.CodeAddress(0), minItems: 12, maxItems: 12);
        uint culprit = tc.Items[7].Words[^1];
        List<CaseResult> Fake(List<TestCase> batch) => batch.Select(c =>
        {
            bool bad = c.Words.Contains(culprit);
            return new CaseResult(c, c.Initial, c.Initial, bad ? [new Comparer.Diff(0, 0, 1, 1)] : [], null);
        }).ToList();
        var start = Fake([tc])[0];
        var shrunk = Shrinker.Shrink(start, Fake);
        Assert.Equal([culprit], shrunk.Case.Words.Where(w => w == culprit));
        Assert.True(shrunk.Case.Words.Length <= tc.Items[7].Words.Length, string.Join(" ", shrunk.Case.Words.Select(w => w.ToString("x8"))));
        Assert.True(shrunk.Case.Initial.Slots.Count(v => v != 0) <= 2); // r31 and at most one value the op needs
    }

    private static UndefinedRules.Ctx Ctx(string asm, Action<Sim> setup, Poison poison)
    {
        uint w = Assembler.Assemble(asm);
        var sim = new Sim(Layout.CodeAddress(0), 4);
        setup(sim);
        return new UndefinedRules.Ctx(IsaTable.Get(Decoder.Instance.Decode(w)), w, sim.Cpu, poison);
    }

    [Fact]
    public void MulhwPoisonsTheHighWordAndCr0()
    {
        var p = new Poison();
        Assert.Null(UndefinedRules.Apply(Ctx("mulhw. 3,4,5", _ => { }, p)));
        Assert.Equal(0xffff_ffff_0000_0000UL, p.Mask[ArchState.Gpr(3)]);
        Assert.Equal(0xe000_0000UL, p.Mask[ArchState.Cr]);
    }

    [Fact]
    public void DivwPoisonsAllOfRtOnlyOnOverflow()
    {
        var ok = new Poison();
        UndefinedRules.Apply(Ctx("divw 3,4,5", s => { s.Cpu.Gpr[4] = 100; s.Cpu.Gpr[5] = 7; }, ok));
        Assert.Equal(0xffff_ffff_0000_0000UL, ok.Mask[ArchState.Gpr(3)]);
        var overflow = new Poison();
        UndefinedRules.Apply(Ctx("divw 3,4,5", s => { s.Cpu.Gpr[4] = 0x8000_0000; s.Cpu.Gpr[5] = 0xffff_ffff; }, overflow));
        Assert.Equal(ulong.MaxValue, overflow.Mask[ArchState.Gpr(3)]);
        var byZero = new Poison();
        UndefinedRules.Apply(Ctx("divd 3,4,5", s => s.Cpu.Gpr[4] = 1, byZero));
        Assert.Equal(ulong.MaxValue, byZero.Mask[ArchState.Gpr(3)]);
    }

    [Theory]
    [InlineData(0x3ff0_0000_0000_0000UL, true)]   // 1.0
    [InlineData(0x3ff0_0000_0000_0001UL, false)]  // 1 + 2^-52
    [InlineData(0x36a0_0000_0000_0000UL, true)]   // 2^-149, the smallest single denormal
    [InlineData(0x3690_0000_0000_0000UL, false)]  // 2^-150
    [InlineData(0x7ff8_0000_0000_0000UL, true)]   // QNaN
    [InlineData(0x7ff8_0000_0000_0001UL, false)]  // NaN payload a single cannot hold
    [InlineData(0x47f0_0000_0000_0000UL, false)]  // 2^128
    public void SingleRepresentability(ulong d, bool expected) => Assert.Equal(expected, UndefinedRules.IsSingleRepresentable(d));

    [Fact]
    public void RecordRoundTrips()
    {
        var s = StateGenerator.Random(new Xoshiro256StarStar(3));
        var rec = new byte[Layout.RecordSize];
        s.WriteRecord(rec, 42);
        var back = ArchState.ReadRecord(rec, out int index);
        Assert.Equal(42, index);
        Assert.Equal(s.Slots, back.Slots);
    }

    [Fact]
    public void GenerationIsDeterministic()
    {
        var a = new Generator(1234).Generate("a", Layout.CodeAddress(0));
        var b = new Generator(1234).Generate("b", Layout.CodeAddress(0));
        Assert.Equal(a.Words, b.Words);
        Assert.Equal(a.Initial.Slots, b.Initial.Slots);
    }
}
