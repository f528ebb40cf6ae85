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

    [Fact]
    public void Linux66SaveFpuClobbersVs0()
    {
        var run = PpcSimBoot.Boot(2, seed: 1, "repro_ms=50", "fpu_fix=off");
        Assert.True(run.Reason == Platform.MachineStopReason.PowerOff, run.Describe());
        Assert.Contains(run.Lines, l => l.StartsWith("repro: first corruption: vs0 dw0 0x0000000082004000", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("repro: fpu_fix=off", StringComparison.Ordinal) && l.EndsWith("(CORRUPTED)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("on")]
    [InlineData("giveup")]
    public void FixedSaveFpuNeverClobbers(string fix)
    {
        var run = PpcSimBoot.Boot(2, seed: 1, "repro_ms=50", $"fpu_fix={fix}");
        Assert.True(run.Reason == Platform.MachineStopReason.PowerOff, run.Describe());
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("repro: first corruption", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith($"repro: fpu_fix={fix}", StringComparison.Ordinal) && l.EndsWith("(clean)", StringComparison.Ordinal));
    }
}
