namespace PpcSim.Firmware.Tests;

/// <summary>
/// The io_uring page writer on QEMU powernv9 (../shared/docs/bug-anatomy.md, firmware README):
/// io-wq's create_worker_cb task work runs create_io_thread -> arch_dup_task_struct ->
/// flush_all_to_thread -> save_all -> save_fpu in the ring's owner. With Linux 6.6's save_fpu
/// the owner's vs0 is clobbered every time (at a syscall exit: harmless; after the doorbell:
/// corrupted pages in some runs, which a QEMU batch shows); with the upstream fix never.
/// QEMU's RAM disk completes at the next tick, so a short tick keeps the run fast.
/// </summary>
public class QemuReproTests
{
    [Fact]
    public void Linux66SaveFpuClobbersVs0()
    {
        var run = QemuRun.Boot(4, "selftest=off", "repro_ms=20000", "tick_us=20", "rounds=1", "pages=256", "fpu_fix=off");
        Assert.True(run.ExitCode == 0, run.Describe());
        var stats = PpcSimBootTests.ParseStats(run.Lines);
        Assert.True(stats["invariant_violations"] + stats["invariant_violations_syscall"] > 0, run.Describe());
        Assert.True(stats["completed"] == 1 && stats["writes_completed"] == 256, run.Describe());
    }

    [Theory]
    [InlineData("on")]
    [InlineData("giveup")]
    public void FixedSaveFpuNeverClobbers(string fix)
    {
        var run = QemuRun.Boot(4, "selftest=off", "repro_ms=20000", "tick_us=20", "rounds=1", "pages=256", $"fpu_fix={fix}");
        Assert.True(run.ExitCode == 0, run.Describe());
        var stats = PpcSimBootTests.ParseStats(run.Lines);
        Assert.True(stats["invariant_violations"] == 0 && stats["invariant_violations_syscall"] == 0 && stats["corrupt_pages"] == 0, run.Describe());
        Assert.True(stats["completed"] == 1 && stats["worker_creations_task_work"] > 0, run.Describe());
        Assert.Contains(run.Lines, l => l.StartsWith($"repro: io_uring page writer fpu_fix={fix}", StringComparison.Ordinal) && l.EndsWith("(clean)", StringComparison.Ordinal));
    }
}
