using PpcSim.Platform;

namespace PpcSim.GdbStub.Tests;

/// <summary>
/// The full system's debugger clock: a run cut anywhere (by retired-instruction limits, per-thread
/// steps or breakpoint stops) and resumed interleaves the threads exactly as the uncut run does.
/// </summary>
public class SystemClockTests
{
    [Fact]
    public void RunCutIntoPiecesEndsInTheSameStateAsTheUncutRun()
    {
        const ulong end = 6_000_000;
        var cut = SystemRepro.Boot();
        // Irregular pieces, including single instructions, so cuts land mid-slice everywhere.
        ulong[] pieces = [1, 2, 3, 997, 1_000_003, 17, 5_000_000, 1, 7_777_777];
        int i = 0;
        while (cut.Retired < end)
        {
            cut.StopAtRetired = Math.Min(end, cut.Retired + pieces[i++ % pieces.Length]);
            Assert.Equal(MachineStopReason.DebugLimit, cut.Run(SystemRepro.MaxCycles));
            Assert.Equal(cut.StopAtRetired, cut.Retired);
        }
        // Per-thread steps cut the slices too.
        cut.StopAtRetired = ulong.MaxValue;
        for (int s = 0; s < 50; s++)
        {
            int t = s % cut.Cpus.Count;
            cut.StepThread = t;
            cut.StepThreadAt = cut.Cpus[t].Instructions + 1;
            ulong before = cut.Retired;
            // An idle thread may not retire anything for a while: the other threads go on to the limit.
            cut.StopAtRetired = before + 100_000;
            Assert.Equal(MachineStopReason.DebugLimit, cut.Run(SystemRepro.MaxCycles));
            Assert.True(cut.Retired > before);
        }
        cut.StepThread = -1;
        // Both on to the end of the run (power-off): same end, same state.
        cut.StopAtRetired = ulong.MaxValue;
        var uncut = SystemRepro.Boot();
        var reason = uncut.Run(SystemRepro.MaxCycles);
        Assert.Equal(reason, cut.Run(SystemRepro.MaxCycles));
        Assert.Equal(uncut.Retired, cut.Retired);
        Assert.Equal(uncut.StateHash(), cut.StateHash());
    }

    [Fact]
    public void BreakpointStopsDoNotChangeTheRun()
    {
        // The whole repro run, uncut, against the same run stopping at every save_fpu hit.
        var uncut = SystemRepro.Boot();
        var reason = uncut.Run(SystemRepro.MaxCycles);
        Assert.Equal(MachineStopReason.PowerOff, reason);

        ulong saveFpu = SystemRepro.Symbol("save_fpu");
        var cut = SystemRepro.Boot();
        foreach (var c in cut.Cpus) c.SetBreakpoint(saveFpu);
        int hits = 0;
        while ((reason = cut.Run(SystemRepro.MaxCycles)) == MachineStopReason.DebugStop)
        {
            var c = cut.Cpus[cut.DebugThread];
            Assert.Equal(saveFpu, c.Pc);
            hits++;
            c.ClearPending();
            c.SuppressDebugStopOnce();
        }
        Assert.Equal(MachineStopReason.PowerOff, reason);
        Assert.True(hits > 10, $"save_fpu hit {hits} times");
        Assert.Equal(uncut.Retired, cut.Retired);
        Assert.Equal(uncut.StateHash(), cut.StateHash());
    }
}
