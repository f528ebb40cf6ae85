using System.Text.Json;
using PpcSim.Cli.Repro;
using PpcSim.TestSupport;

namespace PpcSim.Cli.Tests;

/// <summary>
/// ppcsim repro and sweep on the committed kernel: the buggy default corrupts, the fixes are clean,
/// a run is reproducible byte for byte, a sweep's files do not depend on --jobs, bad input is one
/// line and exit status 2.
/// </summary>
public class ReproTests
{
    private static ReproResult Run(ulong seed, string fpuFix = "off", string twa = "signal") =>
        ReproRunner.Run(new ReproOptions { Seed = seed, FpuFix = fpuFix, Twa = twa, Explain = false });

    [Fact]
    public void BuggyKernelCorruptsAndRecordsTheChain()
    {
        var r = Run(1);
        Assert.True(r.Completed, r.Console);
        Assert.True(r.Corrupted, r.Console);
        Assert.True(r.Stat("invariant_violations") > 0, r.Console);
        Assert.True(r.Stat("task_work_interrupt") > 0, r.Console);
        Assert.Contains(r.Kernel.Chain, c => c.Contains("restore_math was skipped", StringComparison.Ordinal));
        // The page writer's disk, checked from the block device, agrees with the kernel's read-back.
        var disk = Assert.IsType<DiskReport>(r.Disk);
        Assert.False(disk.Partial);
        Assert.True(disk.CorruptPages > 0);
        Assert.Equal(r.Stat("corrupt_pages"), disk.CorruptPages);
        Assert.Empty(r.Disagreements);
        Assert.Equal(r.Stat("pages") * 4096 * r.Stat("rounds"), r.Stat("bytes_written"));
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
        Assert.Empty(r.Kernel.Chain);
        Assert.True(r.Stat("worker_creations") > 0, r.Console);
        Assert.Equal(0UL, Assert.IsType<DiskReport>(r.Disk).CorruptPages);
        Assert.Equal(0UL, r.Stat("corrupt_pages"));
    }

    [Fact]
    public void SameSeedAndVariantGiveIdenticalJson()
    {
        string a = ReproJson.Format(Run(3, twa: "noipi")), b = ReproJson.Format(Run(3, twa: "noipi"));
        Assert.Equal(a, b);
        using var doc = JsonDocument.Parse(a);
        var root = doc.RootElement;
        Assert.Equal(3UL, root.GetProperty("seed").GetUInt64());
        Assert.Matches("^[0-9a-f]{16}$", root.GetProperty("state_hash").GetString());
        Assert.NotEqual(a, ReproJson.Format(Run(4, twa: "noipi")));
    }

    [Fact]
    public void CliReportsCorruptionWithExitStatusOne()
    {
        var r = CliRunner.Run("repro", "--seed", "1", "--json", "--no-explain");
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.True(doc.RootElement.GetProperty("corrupted").GetBoolean());
        Assert.Equal("disk", doc.RootElement.GetProperty("corruption_source").GetString());
        var first = doc.RootElement.GetProperty("first_corruption");
        Assert.Matches("^0x[0-9a-f]{16}$", first.GetProperty("expected").GetString());
        Assert.NotEqual(first.GetProperty("expected").GetString(), first.GetProperty("found").GetString());
        var text = CliRunner.Run("repro", "--seed", "1", "--fpu-fix", "on", "--ipi-sync", "on");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("repro: invariant (bug-anatomy 4): 0 violations", text.Stdout);
        Assert.Contains("repro: clean: all 64 pages on the disk hold round 2", text.Stdout);
    }

    [Fact]
    public void SweepFilesAreByteIdenticalWithOneOrTwoJobs()
    {
        var dir = Tools.TempDir("sweep-cli");
        string[] Sweep(string name, string jobs)
        {
            string o = Path.Combine(dir, name + ".jsonl");
            var r = CliRunner.Run("sweep", "--seeds", "1-3", "--matrix", "fpu_fix=off,on", "--set", "pages=16", "--set", "rounds=2", "--jobs", jobs, "--out", o);
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Contains("fpu_fix=off", r.Stdout);
            return [.. new[] { ".jsonl", ".csv", ".md", ".svg" }.Select(e => File.ReadAllText(Path.ChangeExtension(o, e)))];
        }
        var one = Sweep("one", "1");
        var two = Sweep("two", "2");
        Assert.Equal(one, two);
        Assert.Equal(6, one[0].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("sweep", "--seeds", "5-1")]
    [InlineData("sweep", "--seeds", "x")]
    [InlineData("sweep", "--matrix", "fpu_fix=off")]
    [InlineData("sweep", "--seeds", "1-2", "--matrix", "frobnicate=1,2")]
    [InlineData("sweep", "--seeds", "1-2", "--matrix", "twa=signal,sometimes")]
    [InlineData("sweep", "--seeds", "1-2", "--matrix", "fpu_fix=maybe")]
    [InlineData("sweep", "--seeds", "1-2", "--matrix", "udelay_us=1,x")]
    [InlineData("sweep", "--seeds", "1-2", "--jobs", "0")]
    [InlineData("sweep", "--seeds", "1-2", "--out", "x.md")]
    [InlineData("sweep", "--seeds", "1-2", "--out", "/tmp")]
    [InlineData("repro", "--twa", "sometimes")]
    [InlineData("repro", "--ipi-sync", "maybe")]
    [InlineData("repro", "--udelay-us", "-1")]
    [InlineData("repro", "--barrier")]
    [InlineData("repro", "--bogus", "1")]
    [InlineData("repro", "--set", "frobnicate=1")]
    [InlineData("repro", "stray")]
    [InlineData("repro", "--watch", "ipi_message")]
    [InlineData("repro", "--trace", "/tmp/ppcsim-never-written.jsonl", "--watch", "no_such_symbol")]
    [InlineData("repro", "--trace", "/tmp/ppcsim-never-written.jsonl", "--watch", "0x5000")]
    [InlineData("repro", "--trace", "/tmp/ppcsim-never-written.jsonl", "--watch", "ipi_message:0")]
    [InlineData("repro", "--ipi-latency", "0")]
    public void BadInputIsOneLineAndExitCode2(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Equal("", r.Stdout);
    }
}
