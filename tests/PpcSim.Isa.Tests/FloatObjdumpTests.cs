namespace PpcSim.Isa.Tests;

/// <summary>
/// Denser objdump agreement for the floating-point chapters (fp.isa, vsx_fp.isa): random words
/// of primary opcodes 48-55, 59 and 63, and of primary 60 where either side sees a floating-point
/// instruction (the rest of primary 60 is vsx.isa's).
/// </summary>
public class FloatObjdumpTests
{
    private static bool IsFloatFile(uint w) => IsaTable.Get(Decoder.Instance.Decode(w)).Source is var s && (s.StartsWith("fp.isa", StringComparison.Ordinal) || s.StartsWith("vsx_fp.isa", StringComparison.Ordinal));

    [Fact]
    public void FloatEntriesMatchObjdump()
    {
        var rng = new Random(4242);
        var words = new List<uint>();
        foreach (var s in IsaTable.Specs.Skip(1))
        {
            if (!s.Source.StartsWith("fp.isa", StringComparison.Ordinal) && !s.Source.StartsWith("vsx_fp.isa", StringComparison.Ordinal)) continue;
            for (int k = 0; k < 200; k++)
            {
                uint w = s.Match | ((uint)rng.NextInt64(0, 1L << 32) & ~s.Mask);
                if (Decoder.Instance.Decode(w) == s.Op) words.Add(w);
            }
        }
        var failures = ObjdumpAgreementTests.Compare(words, checkRoundTrip: true);
        Assert.True(failures.Count == 0, $"{failures.Count} of {words.Count} differ:\n" + string.Join("\n", failures.Take(80)));
    }

    [Fact]
    public void FloatRandomWordsMatchObjdump()
    {
        var rng = new Random(99);
        var words = new List<uint>();
        uint[] primaries = [48, 49, 50, 51, 52, 53, 54, 55, 59, 63, 60, 60, 60, 60];
        for (int i = 0; i < 200_000; i++)
            words.Add((primaries[rng.Next(primaries.Length)] << 26) | ((uint)rng.NextInt64(0, 1L << 32) & 0x03ff_ffffu));
        var expected = TestSupport.ObjdumpOracle.Disassemble(words);
        var mine = new List<uint>();
        for (int i = 0; i < words.Count; i++)
        {
            // Primary 60 also holds vsx.isa's permutes/logicals: judge only floating-point words there.
            if (words[i] >> 26 == 60 && !IsFloatFile(words[i]) && (expected[i].StartsWith("xx", StringComparison.Ordinal) || expected[i].StartsWith(".long", StringComparison.Ordinal)))
                continue;
            mine.Add(words[i]);
        }
        var failures = ObjdumpAgreementTests.Compare(mine, checkRoundTrip: false);
        Assert.True(failures.Count == 0, $"{failures.Count} of {mine.Count} differ:\n" + string.Join("\n", failures.Take(80)));
    }
}
