using System.Diagnostics;
using PpcSim.Core.Random;
using PpcSim.Machine.Weak;
using PpcSim.Memory.Weak;

namespace PpcSim.Litmus;

/// <summary>
/// Runs a compiled litmus test: N seeded iterations (iteration i draws its choices from streams
/// derived from the seed and i, so the histogram does not depend on how iterations are spread
/// over host threads), or an exhaustive search of every choice.
/// </summary>
public static class LitmusRunner
{
    public static LitmusOutcomes Run(CompiledLitmus test, MemoryModel model, long runs, ulong seed, int jobs = 1)
    {
        if (runs < 1) throw new ArgumentOutOfRangeException(nameof(runs));
        var sw = Stopwatch.StartNew();
        jobs = (int)Math.Clamp(jobs, 1, Math.Max(1, runs / 1000));
        var parts = new OutcomeCounter[jobs];
        long restarts = 0;
        void Work(int j)
        {
            long from = runs * j / jobs, to = runs * (j + 1) / jobs;
            var m = test.CreateMachine(model);
            var counter = new OutcomeCounter(test.Observed.Count);
            var sched = new Xoshiro256StarStar(0);
            var spurious = new Xoshiro256StarStar(0);
            Span<ulong> values = stackalloc ulong[test.Observed.Count];
            var hash = new StateWriter();
            for (long i = from; i < to; i++)
            {
                sched.Reseed(SeedStreams.Derive(seed, "litmus.scheduler", (ulong)i));
                spurious.Reseed(SeedStreams.Derive(seed, "litmus.stcx", (ulong)i));
                m.Run(sched, spurious);
                if (m.Fault is { } f) throw new LitmusException(test.Test.File, 1, $"run {i}: {f}");
                test.ReadOutcome(m, values);
                counter.Add(values, 1);
                hash.Clear();
                m.HashFinalState(hash);
                counter.StateHash += StateWriter.Mix(hash.Hash64 ^ ((ulong)i * 0x9E37_79B9_7F4A_7C15UL));
            }
            Interlocked.Add(ref restarts, m.Restarts);
            parts[j] = counter;
        }
        if (jobs == 1) Work(0);
        else Parallel.For(0, jobs, new ParallelOptions { MaxDegreeOfParallelism = jobs }, Work);
        var total = parts[0];
        for (int j = 1; j < jobs; j++) total.Merge(parts[j]);
        return new LitmusOutcomes(test, model, exhaustive: false, runs, total, sw.Elapsed.TotalSeconds, seed) { Restarts = restarts };
    }

    /// <summary>Every choice the model can make, states merged by their canonical hash.</summary>
    public static LitmusOutcomes RunExhaustive(CompiledLitmus test, MemoryModel model, long maxStates = 20_000_000)
    {
        var sw = Stopwatch.StartNew();
        var counter = new OutcomeCounter(test.Observed.Count);
        var values = new ulong[test.Observed.Count];
        var m = test.CreateMachine(model);
        var result = Explorer.Explore(m, fin =>
        {
            test.ReadOutcome(fin, values);
            counter.Add(values, 1);
        }, maxStates);
        return new LitmusOutcomes(test, model, exhaustive: true, result.FinalStates, counter, sw.Elapsed.TotalSeconds, 0) { States = result.States };
    }
}
