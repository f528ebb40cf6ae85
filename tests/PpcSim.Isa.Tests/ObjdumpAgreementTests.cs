using PpcSim.TestSupport;

namespace PpcSim.Isa.Tests;

/// <summary>
/// PpcSim's disassembler against objdump -M power9: every table entry with seeded random
/// operands (assembled back from PpcSim's text), and a large seeded sample of random words.
/// </summary>
public class ObjdumpAgreementTests
{
    private const int OperandSamplesPerEntry = 24;

    /// <summary>Random field values for every entry: same text as objdump, and asm(text) gives the word back.</summary>
    [Fact]
    public void EveryTableEntryMatchesObjdump()
    {
        var rng = new Random(20231121);
        var words = new List<uint>();
        // PPCSIM_ISA_FILTER=vmx.isa checks only the entries of matching files (while working on one).
        string? only = Environment.GetEnvironmentVariable("PPCSIM_ISA_FILTER");
        foreach (var s in IsaTable.Specs.Skip(1))
        {
            if (only != null && !only.Split(',').Any(f => s.Source.Contains(f, StringComparison.Ordinal))) continue;
            uint free = ~s.Mask;
            for (int k = 0; k < OperandSamplesPerEntry; k++)
            {
                uint w = s.Match | ((uint)rng.NextInt64(0, 1L << 32) & free);
                if (Decoder.Instance.Decode(w) != s.Op) continue; // an over= entry took it
                words.Add(w);
            }
        }
        var failures = Compare(words, checkRoundTrip: true);
        Assert.True(failures.Count == 0, $"{failures.Count} of {words.Count} differ:\n" + string.Join("\n", failures.Take(60)));
    }

    /// <summary>Random 32-bit words: agree with objdump on valid/invalid and on the text.</summary>
    [Fact]
    public void RandomWordsMatchObjdump()
    {
        var rng = new Random(7);
        var words = new List<uint>();
        for (int i = 0; i < 200_000; i++) words.Add((uint)rng.NextInt64(0, 1L << 32));
        var failures = Compare(words, checkRoundTrip: false);
        Assert.True(failures.Count == 0, $"{failures.Count} of {words.Count} differ:\n" + string.Join("\n", failures.Take(60)));
    }

    /// <summary>objdump's target text for a raw binary: the bare address (relative targets below 0
    /// wrap to 0xffffffff...; the disassembler already shows absolute ones as 32-bit values).</summary>
    internal static string RawTarget(ulong t) => "0x" + t.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// True if two words of <paramref name="op"/> differ only in bits the instruction ignores (no
    /// field, not in the mask): the text cannot carry them, yet objdump's choice of name may depend
    /// on them (isel with bit 31 set prints as "isel ...,lt", with it clear as "isellt").
    /// </summary>
    private static bool OnlyIgnoredBitsDiffer(Op op, uint a, uint b)
    {
        var spec = IsaTable.Get(op);
        uint known = spec.Mask;
        foreach (var f in spec.FieldNames) known |= IsaTable.FieldByName(f).WordMask;
        return ((a ^ b) & known) == 0;
    }

    /// <param name="relevant">If given, only words for which it returns true (word, objdump's text) are checked.</param>
    internal static List<string> Compare(List<uint> words, bool checkRoundTrip, Func<uint, string, bool>? relevant = null)
    {
        var expected = ObjdumpOracle.Disassemble(words);
        var failures = new List<string>();
        for (int i = 0; i < words.Count; i++)
        {
            if (relevant != null && !relevant(words[i], expected[i])) continue;
            ulong addr = (ulong)i * 4;
            // objdump on a raw binary prints branch targets with 32-bit addresses.
            string ours = Disassembler.Disassemble(words[i], addr, RawTarget);
            if (ours != expected[i])
            {
                failures.Add($"{words[i]:x8} {IsaTable.Get(Decoder.Instance.Decode(words[i])).Source}: ppcsim '{ours}' objdump '{expected[i]}'");
                continue;
            }
            if (checkRoundTrip && !ours.StartsWith(".long", StringComparison.Ordinal))
            {
                try
                {
                    uint back = Assembler.Assemble(ours, addr);
                    // Reserved/ignored bits are not in the text; compare what the text determines.
                    var op = Decoder.Instance.Decode(words[i]);
                    if (Decoder.Instance.Decode(back) != op || (Disassembler.Disassemble(back, addr, RawTarget) != ours && !OnlyIgnoredBitsDiffer(op, words[i], back)))
                        failures.Add($"{words[i]:x8}: '{ours}' assembles to {back:x8} ('{Disassembler.Disassemble(back, addr, RawTarget)}')");
                }
                catch (AsmException e)
                {
                    failures.Add($"{words[i]:x8}: '{ours}' does not assemble: {e.Message}");
                }
            }
        }
        return failures;
    }
}
