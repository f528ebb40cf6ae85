using System.Diagnostics;
using PpcSim.Litmus;
using PpcSim.Memory.Weak;
using PpcSim.TestSupport;
using Xunit.Abstractions;

namespace PpcSim.Litmus.Tests;

public sealed class CampaignTests(Campaign campaign, ITestOutputHelper output) : IClassFixture<Campaign>
{
    /// <summary>Every test of the corpus parses, assembles, and prints its condition and observed keys as herd7 does.</summary>
    [Fact]
    public void EveryTestCompiles()
    {
        var failures = new List<string>();
        int n = 0;
        foreach (var e in campaign.Expected.Entries)
        {
            n++;
            try
            {
                var t = CompiledLitmus.Compile(LitmusParser.ParseFile(Path.Combine(campaign.Dir, e.File)));
                if (t.Name != e.Test) failures.Add($"{e.File}: name '{t.Name}', herd7 '{e.Test}'");
                else if (t.Test.ConditionText != e.Condition) failures.Add($"{e.Test}: condition '{t.Test.ConditionText}', herd7 '{e.Condition}'");
                else if (!t.Observed.Select(l => l.ToString()).SequenceEqual(e.Keys)) failures.Add($"{e.Test}: observed [{string.Join(" ", t.Observed)}], herd7 [{string.Join(" ", e.Keys)}]");
            }
            catch (LitmusException x)
            {
                failures.Add(x.Message);
            }
        }
        Assert.Equal(8068, n);
        Assert.True(failures.Count == 0, $"{failures.Count} of {n}:\n" + string.Join("\n", failures.Take(40)));
    }

    /// <summary>
    /// A fixed sample (every 6th test by name, about 1,350) under the power model: no state outside
    /// herd7's set. Also reports how many herd7 states and hardware-observed witnesses it reached.
    /// </summary>
    [Fact]
    public void SampleIsSound()
    {
        const int every = 6;
        const long runs = 3_000;
        var sample = campaign.Expected.Entries.OrderBy(e => e.Test, StringComparer.Ordinal).Where((_, i) => i % every == 0).ToList();
        var sw = Stopwatch.StartNew();
        var bad = new System.Collections.Concurrent.ConcurrentBag<string>();
        long states = 0, reached = 0, observed = 0, observedReached = 0;
        Parallel.ForEach(sample, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, e =>
        {
            var test = CompiledLitmus.Compile(LitmusParser.ParseFile(Path.Combine(campaign.Dir, e.File)));
            var r = LitmusRunner.Run(test, MemoryModel.Power, runs, 11);
            foreach (var o in r.Outcomes)
                if (!e.States.Contains(e.Project(o))) bad.Add($"{e.Test}: {e.Project(o)} ({o.Count}x)");
            var seen = r.Outcomes.Select(e.Project).ToHashSet();
            Interlocked.Add(ref states, e.States.Count);
            Interlocked.Add(ref reached, e.States.Count(seen.Contains));
            if (e.HardwareSeen is > 0)
            {
                Interlocked.Increment(ref observed);
                if (r.Positive > 0) Interlocked.Increment(ref observedReached);
            }
        });
        output.WriteLine(Suite.Report($"campaign sample: {sample.Count} tests x {runs} runs in {sw.Elapsed.TotalSeconds:0.0} s; " +
            $"herd7 states reached {reached}/{states}; hardware-observed witnesses reached {observedReached}/{observed}"));
        Assert.True(bad.IsEmpty, $"states herd7 forbids:\n{string.Join("\n", bad.Take(40))}");
    }
}
