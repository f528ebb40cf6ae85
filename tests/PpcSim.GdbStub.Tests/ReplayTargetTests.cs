using PpcSim.Core;
using PpcSim.Linux;

namespace PpcSim.GdbStub.Tests;

/// <summary>
/// The reverse-execution engine driven directly (no gdb): every position reached by going back
/// must be bit-identical to the one reached going forward, across system calls and snapshots.
/// </summary>
public class ReplayTargetTests
{
    private static (LinuxProcess P, ReplayTarget T, MemoryStream Out) Start(ulong interval)
    {
        var elf = ElfImage.Load(Debuggee.C);
        var stdout = new MemoryStream();
        var p = new LinuxProcess(elf, [Debuggee.C], [], new LinuxOptions { Stdout = stdout, Stderr = Stream.Null, Stdin = Stream.Null });
        return (p, new ReplayTarget(new LinuxProcessMachine(p), interval), stdout);
    }

    /// <summary>Registers, position, and the 8 KiB above the stack pointer.</summary>
    private static ulong StateHash(LinuxProcess p, ReplayTarget t)
    {
        ulong h = 0xcbf29ce484222325UL;
        void Mix(ReadOnlySpan<byte> data)
        {
            foreach (byte b in data) h = (h ^ b) * 0x100000001b3UL;
        }
        Mix(PowerRegisters.ReadAll(p.Cpu));
        Mix(BitConverter.GetBytes(t.Now.Instructions));
        Mix(BitConverter.GetBytes(t.Now.Events));
        var chunk = new byte[256];
        for (ulong a = p.Cpu.Gpr[1] & ~255UL; a < (p.Cpu.Gpr[1] & ~255UL) + 8192 && p.Memory.ReadBytes(a, chunk); a += 256) Mix(chunk);
        return h;
    }

    [Fact]
    public void EveryPositionReachedBackwardsMatchesTheForwardRun()
    {
        var (p, t, stdout) = Start(interval: 512);
        var forward = new List<(TimelinePosition At, ulong Hash)> { (t.Now, StateHash(p, t)) };
        StopEvent stop;
        while (!(stop = t.Resume(ResumeMode.Step, 1, () => false)).ProcessEnded && forward.Count < 200_000)
            forward.Add((t.Now, StateHash(p, t)));
        Assert.Equal(StopKind.Exited, stop.Kind);
        Assert.Equal(35, stop.ExitCode);
        Assert.True(t.LoggedEvents > 5, "the run should cross system calls");
        Assert.True(t.SnapshotCount > 10);
        // Exit happened: the last position is the one before exit_group; check the last 3000 backwards.
        int last = forward.Count - 1;
        var back = forward[last].At;
        t.RunTo(back);
        Assert.Equal(forward[last].Hash, StateHash(p, t));
        for (int i = last - 1; i >= Math.Max(0, last - 3000); i--)
        {
            Assert.Equal(StopKind.Signal, t.Resume(ResumeMode.ReverseStep, 1, () => false).Kind);
            Assert.Equal(forward[i].At, t.Now);
            Assert.Equal(forward[i].Hash, StateHash(p, t));
        }
        // Random jumps anywhere in the history.
        var rng = new Random(1234);
        for (int k = 0; k < 300; k++)
        {
            int i = rng.Next(forward.Count);
            t.RunTo(forward[i].At);
            Assert.Equal(forward[i].Hash, StateHash(p, t));
        }
        Assert.Equal(1, CountOccurrences(stdout, "total=35 d=52.75"));
    }

    [Fact]
    public void GoingBackPastOutputAndForwardAgainWritesItOnce()
    {
        var (p, t, stdout) = Start(interval: 2048);
        // Step until the program has printed, remembering the positions.
        var trail = new List<TimelinePosition>();
        while (stdout.Length == 0)
        {
            trail.Add(t.Now);
            Assert.False(t.Resume(ResumeMode.Step, 1, () => false).ProcessEnded);
        }
        var printedAt = t.Now;
        t.RunTo(trail[trail.Count / 2]);
        Assert.True(t.Replaying);
        var stop = t.Resume(ResumeMode.Continue, 1, () => false);
        Assert.Equal(StopKind.Exited, stop.Kind);
        Assert.Equal(1, CountOccurrences(stdout, "total=35 d=52.75"));
        Assert.True(printedAt.Instructions > 0);
    }

    [Fact]
    public void EditsInsideTheHistoryAreRefusedAndAtTheEndAreReplayed()
    {
        var (p, t, _) = Start(interval: 1024);
        var trail = new List<TimelinePosition>();
        for (int i = 0; i < 3000; i++)
        {
            trail.Add(t.Now);
            t.Resume(ResumeMode.Step, 1, () => false);
        }
        Assert.True(t.TryEditRegisters(1, c => c.Gpr[14] = 0xfeed, out _));
        var afterEdit = t.Now;
        for (int i = 0; i < 2000; i++) t.Resume(ResumeMode.Step, 1, () => false);
        ulong r14Later = p.Cpu.Gpr[14];
        var end = t.Now;
        // Back before the edit: r14 is as it was, and (system calls lie ahead) edits are refused.
        t.RunTo(trail[^10]);
        Assert.NotEqual(0xfeedUL, p.Cpu.Gpr[14]);
        Assert.False(t.TryEditRegisters(1, c => c.Gpr[14] = 1, out string? why));
        Assert.Contains("recorded history", why);
        // Forward again: the edit is replayed at its point.
        t.RunTo(afterEdit);
        Assert.Equal(0xfeedUL, p.Cpu.Gpr[14]);
        t.RunTo(end);
        Assert.Equal(r14Later, p.Cpu.Gpr[14]);
    }

    private static int CountOccurrences(MemoryStream s, string text)
    {
        string all = System.Text.Encoding.UTF8.GetString(s.ToArray());
        int n = 0;
        for (int i = all.IndexOf(text, StringComparison.Ordinal); i >= 0; i = all.IndexOf(text, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
