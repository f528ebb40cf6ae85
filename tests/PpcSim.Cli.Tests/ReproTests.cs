using System.Text.Json;
using PpcSim.Cli.Repro;

namespace PpcSim.Cli.Tests;

/// <summary>
/// ppcsim repro on the committed kernel: the buggy default corrupts vs0 with FPSCR and the kernel's
/// invariant check records the chain; both fixes are clean; a run is reproducible byte for byte.
/// </summary>
public class ReproTests
{
    private static ReproResult Run(ulong seed, string fpuFix = "off", string twa = "signal") =>
        ReproRunner.Run(new ReproOptions { Seed = seed, FpuFix = fpuFix, Twa = twa, DurationMs = 20 });

    [Fact]
    public void BuggyKernelCorruptsVs0WithFpscrAndRecordsTheChain()
    {
        var r = Run(1);
        Assert.True(r.Completed, r.Console);
        Assert.True(r.Corrupted, r.Console);
        Assert.Equal("vs0", r.FirstCorruptionRegister);
        Assert.Equal(0x82004000UL, r.FirstCorruptionFound![0]);
        Assert.True(r.Stat("invariant_violations") > 0, r.Console);
        Assert.True(r.Stat("task_work_interrupt") > 0, r.Console);
        Assert.Contains(r.Chain, c => c.Contains("0xe80", StringComparison.Ordinal));
        Assert.Contains(r.Chain, c => c.Contains("restore_math was skipped", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("on")]
    [InlineData("giveup")]
    public void FixedKernelsAreClean(string fix)
    {
        var r = Run(1, fix);
        Assert.True(r.Completed, r.Console);
        Assert.False(r.Corrupted, r.Console);
        Assert.Equal(0UL, r.Stat("invariant_violations"));
        Assert.Empty(r.Chain);
        Assert.True(r.Stat("worker_creations") > 0, r.Console);
    }

    [Fact]
    public void SameSeedAndVariantGiveIdenticalJson()
    {
        string a = ReproJson.Format(Run(3, twa: "noipi")), b = ReproJson.Format(Run(3, twa: "noipi"));
        Assert.Equal(a, b);
        using var doc = JsonDocument.Parse(a);
        var root = doc.RootElement;
        foreach (var key in new[] { "seed", "variant", "corrupted", "corrupt_pages", "invariant_violations", "first_corruption",
                     "sim_cycles", "sim_time_ns", "instructions", "ipis_sent", "task_work_runs", "worker_creations", "state_hash" })
            Assert.True(root.TryGetProperty(key, out _), key);
        Assert.Equal(3UL, root.GetProperty("seed").GetUInt64());
        Assert.True(root.GetProperty("task_work_runs").GetProperty("interrupt").GetUInt64() > 0);
    }

    [Fact]
    public void CliReportsCorruptionWithExitStatusOne()
    {
        var r = CliRunner.Run("repro", "--seed", "1", "--duration-ms", "20", "--json");
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.True(doc.RootElement.GetProperty("corrupted").GetBoolean());
        var bad = CliRunner.Run("repro", "--twa", "sometimes");
        Assert.Equal(2, bad.ExitCode);
    }
}
