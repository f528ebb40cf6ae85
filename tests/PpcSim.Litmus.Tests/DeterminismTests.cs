using PpcSim.Litmus;
using PpcSim.Core.Random;
using PpcSim.Machine.Weak;
using PpcSim.Memory.Weak;

namespace PpcSim.Litmus.Tests;

/// <summary>Same seed, same run, bit for bit; every run ends in a state hash.</summary>
public sealed class DeterminismTests
{
    [Theory]
    [InlineData("IRIW+lwsyncs")]
    [InlineData("LLSC-INC2-ok")]
    [InlineData("PPOCA")]
    public void SameSeedSameTraceAndState(string name)
    {
        var test = Suite.Compile(name);
        (ulong Trace, ulong State, int Steps) One(ulong seed)
        {
            var m = test.CreateMachine(MemoryModel.Power);
            var trace = new StateWriter();
            int steps = m.Run(SeedStreams.Create(seed, "scheduler"), SeedStreams.Create(seed, "stcx"), trace);
            return (trace.Hash64, m.StateHash(), steps);
        }
        var traces = new HashSet<ulong>();
        for (ulong seed = 0; seed < 50; seed++)
        {
            var a = One(seed);
            var b = One(seed);
            Assert.Equal(a, b);
            traces.Add(a.Trace);
        }
        Assert.True(traces.Count > 25, $"only {traces.Count} distinct runs from 50 seeds");
    }

    [Fact]
    public void HistogramAndStateHashDependOnlyOnSeed()
    {
        var test = Suite.Compile("WRC");
        var a = LitmusRunner.Run(test, MemoryModel.Power, 20_000, 42, jobs: 1);
        var b = LitmusRunner.Run(test, MemoryModel.Power, 20_000, 42, jobs: 2);
        var c = LitmusRunner.Run(test, MemoryModel.Power, 20_000, 43, jobs: 1);
        Assert.Equal(a.StateHash, b.StateHash);
        Assert.Equal(a.Outcomes.Select(o => (o.Text, o.Count)), b.Outcomes.Select(o => (o.Text, o.Count)));
        Assert.NotEqual(a.StateHash, c.StateHash);
    }

    [Fact]
    public void SeedStreamsAreIndependentOfEachOther()
    {
        Assert.Equal(SeedStreams.Derive(1, "a"), SeedStreams.Derive(1, "a"));
        Assert.NotEqual(SeedStreams.Derive(1, "a"), SeedStreams.Derive(1, "b"));
        Assert.NotEqual(SeedStreams.Derive(1, "a", 0), SeedStreams.Derive(1, "a", 1));
        Assert.NotEqual(SeedStreams.Derive(1, "a"), SeedStreams.Derive(2, "a"));
        var r = new Xoshiro256StarStar(5);
        var counts = new int[3];
        for (int i = 0; i < 30_000; i++) counts[r.NextBelow(3)]++;
        Assert.All(counts, n => Assert.InRange(n, 9_000, 11_000));
    }
}
