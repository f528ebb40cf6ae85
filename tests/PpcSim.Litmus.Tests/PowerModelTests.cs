using PpcSim.Litmus;
using PpcSim.Memory.Weak;
using Xunit.Abstractions;

namespace PpcSim.Litmus.Tests;

/// <summary>
/// The power model against herd7's complete state sets for the 80 tests of ../shared/litmus:
/// sound (never a state herd7 forbids) in 100k seeded runs and exhaustively; complete (every
/// witness hardware observed is reached by the runs, and the exhaustive search gives herd7's
/// sets exactly).
/// </summary>
public sealed class PowerModelTests(PowerRuns runs, ITestOutputHelper output) : IClassFixture<PowerRuns>
{
    public static TheoryData<string> Names() => Suite.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void RandomRunsAreSound(string name)
    {
        var r = runs[name];
        Assert.Equal(PowerRuns.Runs, r.Outcomes.Sum(o => o.Count));
        var bad = Suite.Unsound(Suite.Entry(name), r);
        Assert.True(bad.Count == 0, $"{name}: states herd7 forbids: {string.Join(", ", bad)}");
    }

    /// <summary>Every Allowed test's witness that POWER hardware was seen to produce is reached in 100k runs.</summary>
    [Fact]
    public void ObservedWitnessesAreReached()
    {
        int allowed = 0, witnessed = 0, observed = 0, observedReached = 0, states = 0, statesReached = 0;
        var missing = new List<string>();
        foreach (var name in runs.Names)
        {
            var e = Suite.Entry(name);
            var reached = Suite.Reached(e, runs[name]);
            states += e.States.Count;
            statesReached += e.States.Count(reached.Contains);
            if (e.Verdict != "Allowed") continue;
            allowed++;
            bool hit = Suite.Witnesses(name).Any(reached.Contains);
            if (hit) witnessed++;
            if (e.HardwareSeen is > 0)
            {
                observed++;
                if (hit) observedReached++;
                else missing.Add(name);
            }
        }
        var report = new[]
        {
            $"power, {PowerRuns.Runs} runs per test, seed {PowerRuns.Seed}: {runs.Elapsed.TotalSeconds:0.0} s wall, {runs.Cpu.TotalSeconds:0.0} s CPU for {Suite.NameList().Count} tests",
            $"witnesses of Allowed tests observed on hardware reached: {observedReached}/{observed}",
            $"witnesses of all Allowed tests reached: {witnessed}/{allowed}",
            $"allowed states reached: {statesReached}/{states}",
        };
        foreach (var line in report) output.WriteLine(Suite.Report(line));
        Assert.True(missing.Count == 0, "hardware-observed witnesses not reached: " + string.Join(", ", missing));
        Assert.Equal(30, observed);
    }

    /// <summary>Exhaustive search: exactly herd7's set of final states.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void ExhaustiveSearchGivesHerdStates(string name)
    {
        var e = Suite.Entry(name);
        var r = LitmusRunner.RunExhaustive(Suite.Compile(name), MemoryModel.Power);
        var bad = Suite.Unsound(e, r);
        Assert.True(bad.Count == 0, $"{name}: states herd7 forbids: {string.Join(", ", bad)}");
        var reached = Suite.Reached(e, r);
        var missing = e.States.Where(s => !reached.Contains(s)).ToList();
        Assert.True(missing.Count == 0, $"{name}: herd7 states never reached ({r.States} states explored): {string.Join(" | ", missing)}");
    }
}
