namespace PpcSim.Firmware.Tests;

/// <summary>
/// The same committed image on PpcSim: the self-test lines must equal firmware/expected, the
/// files QEMU powernv9 reproduces too; the run is deterministic; the corruption demo behaves
/// as on QEMU (Linux 6.6's save_fpu clobbers vs0, both fixes never do).
/// </summary>
public class PpcSimBootTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void SelfTestLinesMatchExpected(int cores)
    {
        var run = PpcSimBoot.Boot(cores, seed: 1);
        Assert.True(run.Reason == Platform.MachineStopReason.PowerOff && run.ExitStatus == 0, run.Describe());
        Assert.Contains(QemuRun.EndLine, run.Lines);
        var expectedFile = Path.Combine(QemuRun.FirmwareDir, "expected", $"selftest-cores{cores}.txt");
        var expected = File.ReadAllLines(expectedFile).Where(l => l.Length > 0).ToArray();
        Assert.True(expected.SequenceEqual(run.StableLines),
            $"self-test lines differ from {expectedFile}\n--- expected ---\n{string.Join('\n', expected)}\n--- got ---\n{string.Join('\n', run.StableLines)}\n{run.Describe()}");
        // On PpcSim the blk self-test goes through the PpcSim block device (blk=auto finds it):
        // descriptors processed by the device, completions taken on the External vector.
        Assert.Contains(run.Lines, l => l.StartsWith("info: devices ppcsim, block backend ppcsim-blk", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("timing: blk ppcsim-blk", StringComparison.Ordinal));
        Assert.True(run.BlockCompleted >= 2, $"block device completed {run.BlockCompleted} descriptors");
        Assert.True(run.ExternalInterrupts >= 1, "no completion interrupt was taken");
    }

    [Fact]
    public void RamdiskStillSelectable()
    {
        var run = PpcSimBoot.Boot(2, seed: 1, "blk=ramdisk");
        Assert.True(run.Reason == Platform.MachineStopReason.PowerOff && run.ExitStatus == 0, run.Describe());
        Assert.Contains(run.Lines, l => l.StartsWith("timing: blk ramdisk", StringComparison.Ordinal));
        Assert.Equal(0UL, run.BlockCompleted);
    }

    [Fact]
    public void SameSeedSameRunDifferentSeedDifferentInterleaving()
    {
        var a = PpcSimBoot.Boot(2, seed: 7);
        var b = PpcSimBoot.Boot(2, seed: 7);
        var c = PpcSimBoot.Boot(2, seed: 8);
        Assert.Equal(a.Console, b.Console);
        Assert.Equal(a.StateHash, b.StateHash);
        Assert.NotEqual(a.StateHash, c.StateHash);
    }

    /// <summary>The io_uring page writer (firmware README, issue 5) on the buggy kernel: the
    /// create_worker_cb task work runs from the doorbell while vs0 is live in the page fill, and
    /// FPSCR (0x82004000) lands on the disk.</summary>
    [Fact]
    public void Linux66SaveFpuCorruptsDiskPages()
    {
        var run = PpcSimBoot.Boot(2, seed: 1, "selftest=off", "repro_ms=2000", "tick_us=250", "fpu_fix=off");
        Assert.True(run.Reason == Platform.MachineStopReason.PowerOff, run.Describe());
        var stats = Stats(run);
        Assert.True(stats["corrupt_pages"] > 0 && stats["invariant_violations"] > 0 && stats["completed"] == 1, run.Describe());
        Assert.Equal(stats["pages"] * stats["rounds"], stats["writes_completed"]);
        // stxv stores vs0's doublewords swapped in little-endian mode: record dw0 gets vs0 dw1
        // (0 on PpcSim and QEMU, FPSCR on the POWER9 of the report), dw1 gets FPSCR
        Assert.Contains(run.Lines, l => l.StartsWith("repro: corrupt page ", StringComparison.Ordinal) &&
            (l.EndsWith("found 0x0000000082004000", StringComparison.Ordinal) || l.EndsWith("found 0x0000000000000000", StringComparison.Ordinal)));
        Assert.Contains(run.Lines, l => l.StartsWith("repro: io_uring page writer fpu_fix=off", StringComparison.Ordinal) && l.EndsWith("(CORRUPTED)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("on")]
    [InlineData("giveup")]
    public void FixedSaveFpuNeverClobbers(string fix)
    {
        var run = PpcSimBoot.Boot(2, seed: 1, "selftest=off", "repro_ms=2000", "tick_us=250", $"fpu_fix={fix}");
        Assert.True(run.Reason == Platform.MachineStopReason.PowerOff, run.Describe());
        var stats = Stats(run);
        Assert.True(stats["corrupt_pages"] == 0 && stats["invariant_violations"] == 0 && stats["invariant_violations_syscall"] == 0, run.Describe());
        Assert.True(stats["worker_creations_task_work"] > 0 && stats["completed"] == 1, run.Describe());
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("repro: corrupt page", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith($"repro: io_uring page writer fpu_fix={fix}", StringComparison.Ordinal) && l.EndsWith("(clean)", StringComparison.Ordinal));
    }

    internal static Dictionary<string, ulong> Stats(PpcSimBoot run) => ParseStats(run.Lines);

    internal static Dictionary<string, ulong> ParseStats(IEnumerable<string> lines)
    {
        var d = new Dictionary<string, ulong>();
        foreach (var l in lines)
            if (l.StartsWith("repro: stats ", StringComparison.Ordinal))
                foreach (var kv in l["repro: stats ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    int eq = kv.IndexOf('=');
                    d[kv[..eq]] = ulong.Parse(kv[(eq + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                }
        return d;
    }
}
