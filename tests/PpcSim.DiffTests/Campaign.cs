using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace PpcSim.DiffTests;

/// <summary>
/// One differential run: generate batches of seeded sequences, run each batch as one ELF under
/// qemu and PpcSim, compare, shrink the mismatches and keep them as regression files.
/// </summary>
public static class Campaign
{
    /// <summary>A rejection or mask reason without the mnemonic and register it names, for tallies.</summary>
    private static string Kind(string why)
    {
        int colon = why.IndexOf(": ", StringComparison.Ordinal);
        string rest = colon >= 0 ? why[(colon + 2)..] : why;
        return System.Text.RegularExpressions.Regex.Replace(rest, @"\b(r|f|v|vs|cr)\d+\b|0x[0-9a-f]+|\d+", "#");
    }

    /// <summary>How many cases carry each mask reason (register names and values folded).</summary>
    public static IReadOnlyDictionary<string, int> MaskTally(IEnumerable<CaseResult> all)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in all)
            foreach (var reason in r.Case.Mask.Reasons.Select(Kind).Distinct())
                d[reason] = d.GetValueOrDefault(reason) + 1;
        return d;
    }

    public sealed record Report(IReadOnlyDictionary<string, int> Rejections, List<(string Op, ArchState State, uint[] Words, string Why)> Faulting, int Cases, int Words, int Executed, IReadOnlyDictionary<string, int> OpCounts,
        List<CaseResult> All, List<CaseResult> Mismatches, List<CaseResult> Shrunk, List<string> Files, TimeSpan Elapsed)
    {
        public string Summary()
        {
            var sb = new StringBuilder();
            sb.Append($"{Cases} sequences, {Words} words, {Executed} instructions executed, {OpCounts.Count} distinct ops, {Mismatches.Count} mismatching, {Elapsed.TotalSeconds:F1} s\n");
            foreach (var s in Shrunk) sb.Append(s.Describe());
            foreach (var f in Files) sb.Append("  kept as ").Append(f).Append('\n');
            return sb.ToString();
        }

        /// <summary>Ops ranked by the share of their cases that mismatch: the likely culprits first.</summary>
        public string Blame(IReadOnlyList<CaseResult> all, int top = 25)
        {
            var total = new Dictionary<string, int>(StringComparer.Ordinal);
            var bad = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in all)
                foreach (var op in r.Case.Executed.Distinct())
                {
                    total[op] = total.GetValueOrDefault(op) + 1;
                    if (r.Mismatch) bad[op] = bad.GetValueOrDefault(op) + 1;
                }
            var slots = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in all)
                foreach (var d in r.Diffs)
                {
                    string k = ArchState.SlotName(d.Slot).Split('.')[0].TrimEnd("0123456789".ToCharArray());
                    slots[k] = slots.GetValueOrDefault(k) + 1;
                }
            var sb = new StringBuilder("most suspicious ops (mismatching cases / cases):");
            foreach (var (op, n) in bad.OrderByDescending(kv => (double)kv.Value / total[kv.Key]).ThenByDescending(kv => kv.Value).Take(top))
                sb.Append($" {op} {n}/{total[op]}");
            sb.Append("\ndiffering slots: ").Append(string.Join(" ", slots.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}:{kv.Value}")));
            sb.Append($"\ncrashes: {all.Count(r => r.Crash != null)}");
            foreach (var r in all.Where(r => r.Crash != null).Take(3)) sb.Append("\n  ").Append(r.Case.Id).Append(": ").Append(r.Crash);
            return sb.ToString();
        }
    }

    /// <summary>
    /// Items PpcSim refused because they raised an interrupt must make qemu fault too (a signal
    /// at the same case); otherwise PpcSim raises where the ISA does not. One ELF run per fault,
    /// so only a sample (one per mnemonic, at most <paramref name="max"/>) is checked.
    /// </summary>
    public static List<string> InterruptParity(IEnumerable<(string Op, ArchState State, uint[] Words, string Why)> faulting, int max = 16)
    {
        var picked = faulting.GroupBy(f => f.Op).Select(g => g.First()).OrderBy(f => f.Op, StringComparer.Ordinal).Take(max).ToList();
        var cases = picked.Select((f, i) => new TestCase($"fault-{f.Op}", Layout.CodeAddress(i), f.State, [new Item(f.Words)])).ToList();
        var problems = new List<string>();
        var results = DiffSession.Run(cases);
        for (int i = 0; i < cases.Count; i++)
        {
            var r = results[i];
            bool qemuFaulted = r.Qemu == null, ppcsimFaulted = r.PpcSim == null;
            if (!qemuFaulted || !ppcsimFaulted)
                problems.Add($"{picked[i].Why}: qemu {(qemuFaulted ? "faulted" : "ran it")}, ppcsim ELF {(ppcsimFaulted ? "faulted" : "ran it")}\n{r.Describe()}");
        }
        return problems;
    }

    public static Report Run(ulong seed, int batches, int perBatch, PpcSimMode mode = PpcSimMode.Elf, int maxShrinks = 4, bool writeFiles = true,
        Func<Isa.InsnSpec, bool>? filter = null, int maxItems = 20)
    {
        var sw = Stopwatch.StartNew();
        var all = new ConcurrentBag<(TestCase Case, CaseResult Result)>();
        var faulting = new ConcurrentBag<(string Op, ArchState State, uint[] Words, string Why)>();
        var rejections = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = 2 }, b =>
        {
            ulong batchSeed = seed * 1_000_003UL + (ulong)b;
            var gen = new Generator(batchSeed, filter);
            var cases = Enumerable.Range(0, perBatch).Select(i => gen.Generate($"s{seed:x}-b{b}-c{i}", Layout.CodeAddress(i), maxItems: maxItems)).ToList();
            foreach (var f in gen.Faulting) faulting.Add(f);
            foreach (var (k, v) in gen.Rejections) rejections.AddOrUpdate(Kind(k), v, (_, old) => old + v);
            foreach (var r in DiffSession.Run(cases, mode)) all.Add((r.Case, r));
        });
        var results = all.Select(a => a.Result).OrderBy(r => r.Case.Id, StringComparer.Ordinal).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in results)
            foreach (var e in r.Case.Executed) counts[e] = counts.GetValueOrDefault(e) + 1;
        var mismatches = results.Where(r => r.Mismatch).ToList();
        var shrunk = new List<CaseResult>();
        var files = new List<string>();
        var seenOps = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in mismatches.OrderBy(m => m.Case.Words.Length).Take(maxShrinks * 3))
        {
            if (shrunk.Count >= maxShrinks) break;
            var s = Shrinker.Shrink(m, mode);
            var analysis = Analyzer.Analyze(s.Case);
            string ops = string.Join(" ", analysis.Executed.Select(e => e.Name).Distinct().Order(StringComparer.Ordinal));
            // One regression per set of handlers (add and add. share a bug more often than not).
            if (!seenOps.Add(string.Join(" ", analysis.Executed.Select(e => e.Handler).Distinct().Order(StringComparer.Ordinal)))) continue;
            var named = new CaseResult(s.Case.With(m.Case.Id, s.Case.CodeAddress), s.Qemu, s.PpcSim, s.Diffs, s.Crash) { };
            named.Case.Mask = s.Case.Mask;
            shrunk.Add(named);
            if (writeFiles && named.Qemu != null) files.Add(RegressionFile.Write(named, $"ops: {ops}"));
        }
        var faults = faulting.OrderBy(f => f.Op, StringComparer.Ordinal).ThenBy(f => f.Why, StringComparer.Ordinal).ToList();
        return new Report(rejections.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal), faults, results.Count, results.Sum(r => r.Case.Words.Length), counts.Values.Sum(), counts, results, mismatches, shrunk, files, sw.Elapsed);
    }
}
