using BenchmarkDotNet.Attributes;
using PpcSim.Litmus;
using PpcSim.Memory.Weak;

namespace PpcSim.Bench;

/// <summary>
/// Litmus iterations per second on the Power model (one host thread): MP and SB (2 threads),
/// IRIW (4 threads), from ../shared/litmus. Report = Iterations / Mean.
/// </summary>
public class LitmusBench
{
    private const int Iterations = 20_000;
    private CompiledLitmus _test = null!;

    [Params("MP", "SB", "IRIW")]
    public string Name { get; set; } = "MP";

    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PpcSim.sln"))) dir = dir.Parent;
        string root = dir?.FullName ?? throw new InvalidOperationException("run from the PpcSim checkout");
        _test = CompiledLitmus.Compile(LitmusParser.ParseFile(Path.Combine(root, "..", "shared", "litmus", Name + ".litmus")));
    }

    [Benchmark(OperationsPerInvoke = Iterations)]
    public LitmusOutcomes Run() => LitmusRunner.Run(_test, MemoryModel.Power, Iterations, 1);
}
