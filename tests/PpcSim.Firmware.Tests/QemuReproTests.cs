namespace PpcSim.Firmware.Tests;

/// <summary>
/// The io_uring FP-register corruption in miniature on QEMU (../shared/docs/bug-anatomy.md):
/// task_work with TWA_SIGNAL IPIs a task that holds live values in all 64 VSRs; the callback
/// runs create_io_thread -> arch_dup_task_struct -> flush_all_to_thread -> save_all ->
/// save_fpu, which stores FPSCR through f0. With Linux 6.6's save_fpu the task gets FPSCR
/// (0x82004000) back in vs0; with the upstream fix it never does.
/// </summary>
public class QemuReproTests
{
    [Fact]
    public void Linux66SaveFpuClobbersVs0()
    {
        var run = QemuRun.Boot(2, "repro_ms=500", "fpu_fix=off");
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains(run.Lines, l => l.StartsWith("repro: first corruption: vs0 dw0 0x0000000082004000", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("repro: fpu_fix=off", StringComparison.Ordinal) && l.EndsWith("(CORRUPTED)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("on")]
    [InlineData("giveup")]
    public void FixedSaveFpuNeverClobbers(string fix)
    {
        var run = QemuRun.Boot(2, "repro_ms=300", $"fpu_fix={fix}");
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("repro: first corruption", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith($"repro: fpu_fix={fix}", StringComparison.Ordinal) && l.EndsWith("(clean)", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("repro: user rounds", StringComparison.Ordinal) && l.EndsWith("rounds with corrupted registers 0", StringComparison.Ordinal));
    }
}
