using System.Globalization;
using Xunit.Abstractions;

namespace PpcSim.DiffTests;

/// <summary>
/// The differential test: thousands of seeded random sequences must leave PpcSim and
/// qemu-ppc64le in the same state, bit for bit outside the ISA's undefined bits.
/// DIFFTEST_SEED / DIFFTEST_BATCHES / DIFFTEST_PER_BATCH override the defaults; DIFFTEST_MODE=direct runs
/// PpcSim on a bare core instead of through the harness ELF.
/// </summary>
public class RandomDiffTests(ITestOutputHelper output)
{
    private static ulong Env(string name, ulong dflt) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? ulong.Parse(v.StartsWith("0x") ? v[2..] : v, v.StartsWith("0x") ? NumberStyles.HexNumber : NumberStyles.Integer, CultureInfo.InvariantCulture) : dflt;

    [Fact]
    public void RandomSequencesAgreeWithQemu()
    {
        ulong seed = Env("DIFFTEST_SEED", 0x5eed_0001);
        int batches = (int)Env("DIFFTEST_BATCHES", 8);
        int perBatch = (int)Env("DIFFTEST_PER_BATCH", 750);
        var mode = Environment.GetEnvironmentVariable("DIFFTEST_MODE") == "direct" ? PpcSimMode.Direct : PpcSimMode.Elf;
        int shrinks = (int)Env("DIFFTEST_SHRINKS", 4);
        int maxItems = (int)Env("DIFFTEST_MAX_ITEMS", 24);
        var report = Campaign.Run(seed, batches, perBatch, mode, shrinks, maxItems: maxItems);
        output.WriteLine($"seed 0x{seed:x}: " + report.Summary());
        output.WriteLine(report.Blame(report.All));
        foreach (var m in report.Mismatches.OrderBy(m => m.Case.Words.Length).Take((int)Env("DIFFTEST_SHOW", 0))) output.WriteLine(m.Describe());
        output.WriteLine($"cases with masked bits: {report.All.Count(r => !r.Case.Mask.Mask.IsZero())} of {report.Cases}; mask reasons (cases):");
        foreach (var (k, v) in Campaign.MaskTally(report.All).OrderByDescending(kv => kv.Value).Take(30)) output.WriteLine($"  {v,5} {k}");
        output.WriteLine("generator rejections (candidates):");
        foreach (var (k, v) in report.Rejections.OrderByDescending(kv => kv.Value).Take(20)) output.WriteLine($"  {v,5} {k}");
        var never = OpCatalog.Eligible.Select(e => e.Name).Where(n => !report.OpCounts.ContainsKey(n)).ToList();
        output.WriteLine($"eligible but never executed ({never.Count}): " + string.Join(" ", never));
        output.WriteLine("ops executed: " + string.Join(" ", report.OpCounts.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}:{k.Value}")));
        var parity = Campaign.InterruptParity(report.Faulting);
        output.WriteLine($"interrupt parity: {parity.Count} disagreements; checked: " + string.Join(" ", report.Faulting.Select(f => f.Why).Distinct().Take(16)));
        foreach (var p in parity) output.WriteLine(p);
        Assert.True(report.Mismatches.Count == 0, $"seed 0x{seed:x}: " + report.Summary());
        Assert.True(parity.Count == 0, string.Join("\n", parity));
    }
}
