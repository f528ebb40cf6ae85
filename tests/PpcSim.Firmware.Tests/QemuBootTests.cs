namespace PpcSim.Firmware.Tests;

/// <summary>
/// The committed kernel image on QEMU powernv9: the self-test lines must equal the expected
/// files in firmware/expected (the same files PpcSim's boot must reproduce).
/// </summary>
public class QemuBootTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void SelfTestLinesMatchExpected(int cores)
    {
        var run = QemuRun.Boot(cores);
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains(QemuRun.EndLine, run.Lines);
        var expectedFile = Path.Combine(QemuRun.FirmwareDir, "expected", $"selftest-cores{cores}.txt");
        var expected = File.ReadAllLines(expectedFile).Where(l => l.Length > 0).ToArray();
        Assert.True(expected.SequenceEqual(run.StableLines),
            $"self-test lines differ from {expectedFile}\n--- expected ---\n{string.Join('\n', expected)}\n--- got ---\n{string.Join('\n', run.StableLines)}\n{run.Describe()}");
    }

    [Fact]
    public void BootKnobsArePatchedIntoTheImage()
    {
        var run = QemuRun.Boot(2, "ipi_rounds=3", "fpu_fix=on", "blk=loopback", "tick_us=500");
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains(run.Lines, l => l.Contains("ipi_rounds=3") && l.Contains("blk=loopback") && l.Contains("tick_us=500"));
        Assert.Contains(run.Lines, l => l.Contains("fpu_fix=on"));
        Assert.Contains("selftest: ipi: 2 ordered pairs x 3 call-function doorbells, each ran on its target: ok", run.Lines);
        Assert.Contains(run.Lines, l => l.StartsWith("info: devices none, block backend loopback-blk", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("selftest: blk:", StringComparison.Ordinal) && l.EndsWith(": ok", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--set", "nosuchkey=1")]
    [InlineData("--cores", "0")]
    [InlineData("--cores", "17")]
    [InlineData("--set", "novalue")]
    public void BadUsageIsOneLineAndExit2(string option, string value)
    {
        var r = PpcSim.TestSupport.Tools.Run("bash", [QemuRun.Script, option, value], timeoutMs: 30_000);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", r.Stdout);
    }
}
