using System.Diagnostics;
using PpcSim.Litmus;
using PpcSim.Memory.Weak;
using Xunit.Abstractions;

namespace PpcSim.Litmus.Tests;

/// <summary>
/// Iterations per second for MP, SB (2 threads) and IRIW (4 threads), one host thread, measured
/// in process CPU time (this collection runs alone, so other tests do not count) and wall time.
/// The machine is shared, so the assertion is a loose floor; the numbers go to the report.
/// </summary>
[Collection("Performance")]
public sealed class PerformanceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("MP", 300_000)]
    [InlineData("SB", 300_000)]
    [InlineData("IRIW", 150_000)]
    public void IterationsPerSecond(string name, long runs)
    {
        var test = Suite.Compile(name);
        LitmusRunner.Run(test, MemoryModel.Power, 100_000, 1); // JIT warm-up (tiered compilation settles)
        double cpu0 = ThreadCpuSeconds();
        var sw = Stopwatch.StartNew();
        LitmusRunner.Run(test, MemoryModel.Power, runs, 2);
        sw.Stop();
        double cpu = ThreadCpuSeconds() - cpu0;
        double perCpu = runs / Math.Max(cpu, 1e-3), perWall = runs / sw.Elapsed.TotalSeconds;
        output.WriteLine(Suite.Report($"{name}: {runs} iterations on one host thread: {perCpu:0} /s of CPU time, {perWall:0} /s of wall time"));
        Assert.True(perCpu > 50_000, $"{name}: only {perCpu:0} iterations per CPU second");
    }

    /// <summary>CPU time of the calling thread (Linux: /proc/thread-self/stat utime+stime), so JIT and GC threads do not count.</summary>
    private static double ThreadCpuSeconds()
    {
        try
        {
            string stat = File.ReadAllText("/proc/thread-self/stat");
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields after "(comm)": state is index 0, utime index 11, stime index 12 (clock ticks, 100 Hz).
            return (long.Parse(f[11]) + long.Parse(f[12])) / 100.0;
        }
        catch (IOException)
        {
            return Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        }
    }
}
