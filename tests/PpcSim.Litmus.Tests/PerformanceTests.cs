using System.Diagnostics;
using PpcSim.Litmus;
using PpcSim.Memory.Weak;
using Xunit.Abstractions;

namespace PpcSim.Litmus.Tests;

[CollectionDefinition("Performance", DisableParallelization = true)]
public sealed class PerformanceCollection;

/// <summary>
/// Iterations per second for MP, SB (2 threads) and IRIW (4 threads), one host thread, measured
/// in process CPU time (this collection runs alone, so other tests do not count) and wall time.
/// The machine is shared, so the assertion is a loose floor; the numbers go to the report.
/// </summary>
[Collection("Performance")]
public sealed class PerformanceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("MP", 200_000)]
    [InlineData("SB", 200_000)]
    [InlineData("IRIW", 100_000)]
    public void IterationsPerSecond(string name, long runs)
    {
        var test = Suite.Compile(name);
        LitmusRunner.Run(test, MemoryModel.Power, 20_000, 1); // JIT warm-up
        var p = Process.GetCurrentProcess();
        var cpu0 = p.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        LitmusRunner.Run(test, MemoryModel.Power, runs, 2);
        sw.Stop();
        p.Refresh();
        double cpu = (p.TotalProcessorTime - cpu0).TotalSeconds;
        double perCpu = runs / Math.Max(cpu, 1e-6), perWall = runs / sw.Elapsed.TotalSeconds;
        output.WriteLine(Suite.Report($"{name}: {runs} iterations, {perCpu:0} /s CPU, {perWall:0} /s wall"));
        Assert.True(perCpu > 20_000, $"{name}: only {perCpu:0} iterations per CPU second");
    }
}
