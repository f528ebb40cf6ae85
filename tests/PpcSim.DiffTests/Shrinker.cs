namespace PpcSim.DiffTests;

/// <summary>
/// Minimises a mismatching case while it still mismatches: drops items (halves, quarters, ...,
/// single items, then single setup words), then resets parts of the initial state to zero.
/// Every candidate must still pass <see cref="Analyzer"/> (so it stays free of undefined
/// behaviour); all candidates of a round run in one batch.
/// </summary>
public static class Shrinker
{
    public static CaseResult Shrink(CaseResult failing, PpcSimMode mode, int maxRounds = 40) =>
        Shrink(failing, batch => DiffSession.Run(batch, mode), maxRounds);

    /// <summary>Shrinks with <paramref name="run"/> deciding which candidates still mismatch (tests pass a fake).</summary>
    public static CaseResult Shrink(CaseResult failing, Func<List<TestCase>, List<CaseResult>> run, int maxRounds = 40)
    {
        var best = failing;
        for (int round = 0; round < maxRounds; round++)
        {
            var cands = Candidates(best.Case).Take(60).ToList();
            var valid = new List<TestCase>();
            foreach (var c in cands)
            {
                var tc = c.With($"{failing.Case.Id}-s{round}-{valid.Count}", Layout.CodeAddress(valid.Count));
                var a = Analyzer.Analyze(tc);
                if (a.Rejection != null) continue;
                tc.Mask = a.Poison;
                valid.Add(tc);
            }
            if (valid.Count == 0) break;
            var results = run(valid);
            CaseResult? next = results.Where(r => r.Mismatch).OrderBy(r => Size(r.Case)).FirstOrDefault();
            if (next == null || Size(next.Case).CompareTo(Size(best.Case)) >= 0) break;
            best = next;
        }
        return best;
    }

    /// <summary>Words, then nonzero initial slots: what "smaller" means.</summary>
    private static (int, int) Size(TestCase c) => (c.Words.Length, c.Initial.Slots.Count(v => v != 0));

    private static IEnumerable<TestCase> Candidates(TestCase c)
    {
        int n = c.Items.Count;
        for (int chunk = Math.Max(1, n / 2); chunk >= 1; chunk /= 2)
        {
            for (int start = 0; start < n; start += chunk)
                yield return c.With(c.Id, c.CodeAddress, items: c.Items.Take(start).Concat(c.Items.Skip(start + chunk)));
            if (chunk == 1) break;
        }
        // Single words inside multi-word items (setup words, skipped words after a branch keep their
        // branch displacement only if the branch is dropped too, so only non-branch items here).
        for (int i = 0; i < n; i++)
        {
            var words = c.Items[i].Words;
            if (words.Length < 2) continue;
            for (int j = 0; j < words.Length; j++)
            {
                var shorter = words.Take(j).Concat(words.Skip(j + 1)).ToArray();
                yield return c.With(c.Id, c.CodeAddress, items: c.Items.Take(i).Append(new Item(shorter)).Concat(c.Items.Skip(i + 1)));
            }
        }
        // Initial state: zero whole groups, then single registers.
        (int From, int To)[] groups =
        [
            (ArchState.Gpr(0), ArchState.Gpr(31)), (ArchState.VsrDw0(0), ArchState.VsrDw1(31) + 1), (ArchState.VsrDw0(32), ArchState.VsrDw1(63) + 1),
            (ArchState.ScratchBase, ArchState.Count), (ArchState.Cr, ArchState.Cr + 1), (ArchState.Xer, ArchState.Xer + 1),
            (ArchState.Fpscr, ArchState.Fpscr + 1), (ArchState.Vscr, ArchState.Vscr + 1), (ArchState.Lr, ArchState.Ctr + 1),
        ];
        foreach (var (from, to) in groups)
        {
            if (Enumerable.Range(from, to - from).All(s => c.Initial[s] == 0)) continue;
            var s = c.Initial.Clone();
            for (int k = from; k < to; k++) s[k] = 0;
            yield return c.With(c.Id, c.CodeAddress, initial: s);
        }
        for (int k = 0; k < ArchState.Count; k++)
        {
            if (c.Initial[k] == 0 || k == ArchState.Gpr(Layout.BaseGpr)) continue;
            var s = c.Initial.Clone();
            s[k] = 0;
            yield return c.With(c.Id, c.CodeAddress, initial: s);
        }
    }
}
