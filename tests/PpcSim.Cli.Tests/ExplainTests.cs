using System.Text.Json;
using PpcSim.Cli.Repro;
using PpcSim.TestSupport;

namespace PpcSim.Cli.Tests;

/// <summary>
/// The simulator-side explanation of `ppcsim repro` (Repro/Explainer.cs): on the buggy kernel the
/// chain built from the replay's record names the user store, save_fpu's mffs as the clobber, the
/// doorbell whose exit path ran the task work, the return to user with the math bits set and the
/// msgsnd that caused it; --trace writes the run's timeline.
/// </summary>
public class ExplainTests
{
    [Fact]
    public void BuggyKernelChainNamesSaveFpuAsTheClobberSite()
    {
        var r = ReproRunner.Run(new ReproOptions { Seed = 1 });
        Assert.True(r.Disk is { CorruptPages: > 0 }, r.Console);
        var chain = r.SimulatorChain;
        string text = string.Join("\n", chain);
        Assert.DoesNotContain("cannot establish", text);
        Assert.DoesNotContain("DIVERGED", text);
        Assert.StartsWith("dma: ", chain[0]);
        Assert.Contains(chain, l => l.StartsWith("store: ", StringComparison.Ordinal) && l.Contains("(problem state)", StringComparison.Ordinal) && l.Contains("vs0 = 0x0000000082004000", StringComparison.Ordinal));
        Assert.Contains(chain, l => l.StartsWith("clobber: vs0 ", StringComparison.Ordinal) && l.Contains("save_fpu+0x", StringComparison.Ordinal) && l.Contains("`mffs    f0`", StringComparison.Ordinal));
        Assert.Contains(chain, l => l.StartsWith("interrupt: ", StringComparison.Ordinal) && l.Contains("DirectedHypervisorDoorbell (0xe80)", StringComparison.Ordinal) && l.Contains("problem state, FP|VEC|VSX all set", StringComparison.Ordinal));
        Assert.Contains(chain, l => l.StartsWith("exit path: ", StringComparison.Ordinal) && l.Contains("task_work_run -> create_worker_cb", StringComparison.Ordinal) && l.EndsWith(")", StringComparison.Ordinal));
        Assert.Contains(chain, l => l.StartsWith("return: ", StringComparison.Ordinal) && l.Contains("restore_math was skipped", StringComparison.Ordinal));
        Assert.Contains(chain, l => l.StartsWith("ipi: ", StringComparison.Ordinal) && l.Contains("sent msgsnd", StringComparison.Ordinal) && l.Contains("kick_process", StringComparison.Ordinal));
        // Deterministic: the JSON carries it, so a second run must give the same lines.
        Assert.Equal(chain, ReproRunner.Run(new ReproOptions { Seed = 1 }).SimulatorChain);
    }

    [Fact]
    public void FixedKernelHasNothingToExplain()
    {
        var r = ReproRunner.Run(new ReproOptions { Seed = 1, FpuFix = "on" });
        Assert.True(r.Disk is { CorruptPages: 0 }, r.Console);
        Assert.Empty(r.SimulatorChain);
    }

    [Fact]
    public void TraceWritesTheTimelineAsJsonLines()
    {
        string path = Path.Combine(Tools.TempDir("explain-trace"), "t.jsonl");
        var run = CliRunner.Run("repro", "--seed", "1", "--trace", path);
        Assert.True(run.ExitCode == 1, run.Stdout + run.Stderr);
        var events = File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(events);
        ulong last = 0;
        foreach (var e in events)
        {
            ulong cycle = e.GetProperty("cycle").GetUInt64();
            Assert.True(cycle >= last, "events are ordered by cycle");
            last = cycle;
        }
        string Ev(JsonElement e) => e.GetProperty("event").GetString()!;
        Assert.Contains(events, e => Ev(e) == "msgsnd" && e.GetProperty("delivery_cycle").GetUInt64() > e.GetProperty("cycle").GetUInt64());
        Assert.Contains(events, e => Ev(e) == "interrupt" && e.GetProperty("vector").GetString() == "0xe80" && e.GetProperty("pr").GetBoolean());
        Assert.Contains(events, e => Ev(e) == "return" && e.GetProperty("to_user").GetBoolean() && e.GetProperty("vsx").GetBoolean());
        Assert.Contains(events, e => Ev(e) == "dma" && e.GetProperty("direction").GetString() == "memory_to_disk");
        Assert.Contains(events, e => Ev(e) == "call" && e.GetProperty("symbol").GetString() == "save_fpu");
        // The explanation's replays add the watched stores: the user's store of the clobbered vs0, with its writer.
        Assert.Contains(events, e => Ev(e) == "store" && e.GetProperty("reg").GetString() == "vs0" && e.GetProperty("pc_symbol").GetString()!.StartsWith("fill_records", StringComparison.Ordinal)
            && e.GetProperty("reg_writer").GetProperty("insn").GetString()!.StartsWith("mffs", StringComparison.Ordinal)
            && e.GetProperty("reg_writer").GetProperty("pc_symbol").GetString()!.StartsWith("save_fpu+", StringComparison.Ordinal));
    }

    /// <summary>
    /// --watch ipi_message: every store to the kernel's IPI message cells is on the timeline with
    /// when each thread can read it. Without the sync before msgsnd some reschedule message is
    /// still invisible to its target when the target takes the doorbell (the run's
    /// ipi_messages_late counts them); the watch changes nothing in the run.
    /// </summary>
    [Fact]
    public void WatchShowsTheMessageStoresBecomingVisible()
    {
        string path = Path.Combine(Tools.TempDir("watch-trace"), "t.jsonl");
        var o = new ReproOptions { Seed = 1, IpiSync = "off", Explain = false };
        var watched = ReproRunner.Run(o with { TracePath = path, Watches = ["ipi_message"] });
        Assert.Equal(ReproRunner.Run(o).StateHash, watched.StateHash);
        Assert.True(watched.IpiMessagesLate > 0, "no doorbell overtook a message in this seed");
        var events = File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string Ev(JsonElement e) => e.GetProperty("event").GetString()!;
        // The message byte of each send, then its doorbell taken by the target: count the late ones.
        var taken = events.Where(e => Ev(e) == "interrupt" && e.GetProperty("vector").GetString() == "0xe80")
            .GroupBy(e => e.GetProperty("core").GetInt32()).ToDictionary(g => g.Key, g => g.Select(e => e.GetProperty("cycle").GetUInt64()).ToList());
        var lastMessage = new Dictionary<int, JsonElement>();
        int sends = 0, late = 0;
        foreach (var e in events)
        {
            int core = e.GetProperty("core").GetInt32();
            if (Ev(e) == "store" && e.GetProperty("size").GetInt32() == 1)
            {
                var vis = e.GetProperty("visible_at");
                Assert.Equal(2, vis.GetArrayLength());
                Assert.Equal(e.GetProperty("cycle").GetUInt64(), vis[core].GetUInt64());
                lastMessage[core] = e;
            }
            else if (Ev(e) == "msgsnd" && lastMessage.Remove(core, out var msg))
            {
                int target = e.GetProperty("target_core").GetInt32();
                ulong delivered = e.GetProperty("delivery_cycle").GetUInt64();
                var at = taken[target].FirstOrDefault(c => c >= delivered);
                if (at == 0) continue;
                sends++;
                if (msg.GetProperty("visible_at")[target].GetUInt64() > at) late++;
            }
        }
        Assert.True(sends > 100, $"{sends} message sends");
        Assert.True(late > 0, "the timeline shows no message still invisible when its doorbell was taken");
    }
}
