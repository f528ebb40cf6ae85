namespace PpcSim.Isa.Tests;

/// <summary>
/// Random words aimed at the fixed-point, branch and CR-logical chapters (isa/fixed.isa,
/// isa/branch.isa): every word of the primary opcodes those chapters own outright, random words
/// of the shared opcodes (4, 19, 31), and words built on one of their entries with random
/// operand bits and, half the time, one flipped encoding bit (reserved bits, neighbouring
/// opcodes). A difference counts when either side names an instruction of these chapters.
/// </summary>
public class FixedBranchObjdumpTests
{
    /// <summary>Primary opcodes with nothing but fixed-point/branch instructions.</summary>
    private static readonly int[] s_ownedPrimaries = [2, 3, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30];

    private static bool IsOurs(InsnSpec s) => s.Source.StartsWith("fixed.isa:", StringComparison.Ordinal) || s.Source.StartsWith("branch.isa:", StringComparison.Ordinal);

    [Fact]
    public void RandomFixedPointAndBranchWordsMatchObjdump()
    {
        var rng = new Random(31);
        var words = new List<uint>();
        for (int i = 0; i < 60_000; i++)
        {
            uint op = (uint)s_ownedPrimaries[rng.Next(s_ownedPrimaries.Length)];
            words.Add((op << 26) | ((uint)rng.NextInt64(0, 1L << 32) & 0x03ffffffu));
        }
        // Shared primaries: any word; only those either side names as ours count (filter below).
        foreach (uint op in new uint[] { 4, 19, 31 })
            for (int i = 0; i < 20_000; i++) words.Add((op << 26) | ((uint)rng.NextInt64(0, 1L << 32) & 0x03ffffffu));
        var ours = IsaTable.Specs.Skip(1).Where(IsOurs).ToList();
        for (int i = 0; i < 60_000; i++)
        {
            var s = ours[rng.Next(ours.Count)];
            uint w = s.Match | ((uint)rng.NextInt64(0, 1L << 32) & ~s.Mask);
            if (rng.Next(2) == 0) w ^= 1u << rng.Next(26); // any bit but the primary opcode
            words.Add(w);
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in ours) names.Add(s.Name);
        foreach (var a in IsaTable.Aliases)
            if (IsOurs(IsaTable.Get(a.BaseOp))) names.Add(a.Name);
        var failures = ObjdumpAgreementTests.Compare(words, checkRoundTrip: true, (w, theirs) =>
        {
            var op = Decoder.Instance.Decode(w);
            if (op != Op.Invalid && IsOurs(IsaTable.Get(op))) return true;
            int sp = theirs.IndexOf(' ');
            return names.Contains(sp < 0 ? theirs : theirs[..sp]);
        });
        // Grouped by what objdump printed, a few examples each: one cause usually covers a group.
        var groups = failures.GroupBy(f => f.Contains(" objdump '", StringComparison.Ordinal) ? f[(f.IndexOf(" objdump '", StringComparison.Ordinal) + 10)..].Split(' ', '\'')[0] : "round trip")
            .OrderByDescending(g => g.Count())
            .Select(g => $"[{g.Key}: {g.Count()}]\n  " + string.Join("\n  ", g.Take(3)));
        Assert.True(failures.Count == 0, $"{failures.Count} of {words.Count} differ:\n" + string.Join("\n", groups.Take(60)));
    }
}
