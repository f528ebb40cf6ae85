using System.Collections.Concurrent;
using System.Diagnostics;
using PpcSim.Litmus;
using PpcSim.Memory.Weak;

namespace PpcSim.Litmus.Tests;

/// <summary>
/// Runs the whole suite once under the power model, 100k seeded iterations per test, spread
/// over the host's cores (tests in parallel, each test on one core), and keeps the results for
/// the soundness and completeness checks.
/// </summary>
public sealed class PowerRuns
{
    public const long Runs = 100_000;
    public const ulong Seed = 20240601;

    private readonly ConcurrentDictionary<string, LitmusOutcomes> _results = new();

    public PowerRuns()
    {
        var sw = Stopwatch.StartNew();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var names = Suite.NameList();
        Parallel.ForEach(names, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, n =>
            _results[n] = LitmusRunner.Run(Suite.Compile(n), MemoryModel.Power, Runs, Seed));
        Elapsed = sw.Elapsed;
        Cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    }

    public TimeSpan Elapsed { get; }
    public TimeSpan Cpu { get; }
    public LitmusOutcomes this[string name] => _results[name];
    public IEnumerable<string> Names => _results.Keys.OrderBy(n => n, StringComparer.Ordinal);
}
