using System.Diagnostics;
using System.Globalization;
using PpcSim.Cli.Repro;

namespace PpcSim.Cli.Commands;

/// <summary>
/// ppcsim repro [--seed S] [--twa signal|noipi] [--barrier none|lwsync|sync] [--ipi-sync on|off]
/// [--udelay-us N] [--fpu-fix off|on|giveup] [--json] (and [--cores N] [--repro-ms N] [--ipi-latency CYCLES]
/// [--set key=value ...] [--image FILE] [--console]): boots the kernel with the repro knobs, runs the
/// page-writer workload, verifies the disk from the block device's contents and reports whether and
/// where data was corrupted, the invariant figures and the chain. A corrupted disk is explained from
/// the simulator's record by replaying the run (Repro/Explainer.cs; --no-explain skips it);
/// --trace FILE.jsonl writes the run's timeline (Platform/Recording/TimelineJson.cs). Exit status: 0 clean, 1 corrupted,
/// 2 bad input, 3 the run did not complete. --gdb PORT runs the same machine under the gdb stub instead.
/// </summary>
public sealed class ReproCommand : ICommand
{
    public string Name => "repro";
    public string Synopsis => "repro [--seed S] [--twa signal|noipi] [--barrier none|lwsync|sync] [--ipi-sync on|off] [--udelay-us N] [--fpu-fix off|on|giveup] [--json] [--trace FILE.jsonl [--watch SYMBOL[:LEN]|0xPA:LEN ...]] [--no-explain] [--gdb PORT]   reproduce the f0/vs0 corruption, verify the disk, explain it from the simulator's record (a replay; --trace writes the timeline: interrupts, returns to user, msgsnd, DMA, kernel function entries, one JSON object per line; --watch adds the stores to a kernel object, each with when every thread can read it)";

    public int Run(IReadOnlyList<string> args)
    {
        var rest = new List<string>(args);
        int? gdbPort = null;
        int g = rest.IndexOf("--gdb");
        if (g >= 0)
        {
            if (g + 1 >= rest.Count) throw new UsageException("--gdb needs a value");
            gdbPort = GdbPort.Parse(rest[g + 1]);
            rest.RemoveRange(g, 2);
        }
        var (o, json, console) = Parse(rest);
        if (gdbPort is { } port)
        {
            // Under gdb: the kernel's console streams to stdout; the debugger is the report.
            var (bytes, config, maxCycles) = ReproRunner.Prepare(o);
            using var stdout = Console.OpenStandardOutput();
            return PpcSim.GdbStub.SystemGdbRunner.Run(con =>
            {
                var m = new PpcSim.Platform.SystemMachine(config, con);
                m.LoadFlatImage(bytes);
                return m;
            }, maxCycles, port, stdout, Console.Error);
        }
        var sw = Stopwatch.StartNew();
        var r = ReproRunner.Run(o);
        sw.Stop();
        if (console) Console.Out.Write(r.Console);
        if (json) Console.Out.WriteLine(ReproJson.Format(r));
        else Console.Out.Write(FormatText(r, sw.Elapsed.TotalSeconds));
        return !r.Completed ? 3 : r.Corrupted ? 1 : 0;
    }

    public static (ReproOptions Options, bool Json, bool Console) Parse(IReadOnlyList<string> args)
    {
        var o = new ReproOptions();
        bool json = false, console = false;
        for (int i = 0; i < args.Count; i++)
        {
            string Next() => ++i < args.Count ? args[i] : throw new UsageException($"{args[i - 1]} needs a value");
            switch (args[i])
            {
                case "--json": json = true; break;
                case "--console": console = true; break;
                case "--image": o = o with { Image = Next() }; break;
                case "--trace": o = o with { TracePath = Next() }; break;
                case "--watch": o = o with { Watches = [.. o.Watches, Next()] }; break;
                case "--no-explain": o = o with { Explain = false }; break;
                case "--set":
                    {
                        string kv = Next();
                        int eq = kv.IndexOf('=');
                        if (eq <= 0) throw new UsageException($"--set expects key=value, got '{kv}'");
                        o = o.WithBootKey(kv[..eq], kv[(eq + 1)..]);
                        break;
                    }
                case var a when a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2:
                    o = o.With(a[2..], Next());
                    break;
                default: throw new UsageException($"unknown argument '{args[i]}'");
            }
        }
        if (o.Watches.Count != 0)
        {
            if (o.TracePath == null) throw new UsageException("--watch needs --trace FILE.jsonl (the watched stores go to the timeline)");
            var kernel = Explainer.LoadSymbols(o).Kernel;
            foreach (var w in o.Watches) ReproRunner.ResolveWatch(kernel, w);
        }
        return (o, json, console);
    }

    /// <summary>The human report (host seconds only on the last line; null omits it).</summary>
    public static string FormatText(ReproResult r, double? hostSeconds)
    {
        var inv = CultureInfo.InvariantCulture;
        var o = r.Options;
        var w = new StringWriter(inv) { NewLine = "\n" };
        w.WriteLine($"repro: seed {o.Seed}, {o.Variant}");
        if (!r.Completed && r.Kernel.HasStats)
            w.WriteLine($"repro: the page writer did not finish its rounds (completed=0: repro_ms reached or a failure; see --console); the disk is checked as a partial run");
        else if (!r.Completed)
            w.WriteLine($"repro: the repro phase did not finish (machine stopped: {r.StopReason}{(r.Diagnosis is { } d ? ": " + d : "")}, exit {r.ExitStatus?.ToString(inv) ?? "-"}); rerun with --console");

        if (r.Disk is { } disk)
        {
            if (disk.CorruptPages == 0)
                w.WriteLine(string.Create(inv, $"repro: clean: all {disk.Pages} pages on the disk hold round {disk.Rounds}'s data (disk check)"));
            else
            {
                w.WriteLine(string.Create(inv, $"repro: DATA CORRUPTED ON DISK: {disk.CorruptPages} of {disk.Pages} pages wrong after round {disk.Rounds} (disk check)"));
                var f = disk.First!;
                w.WriteLine(string.Create(inv, $"repro: first corruption: page {f.Page}, offset {f.Offset} (0x{f.Offset:x}; disk byte 0x{f.DiskOffset:x}): expected 0x{f.Expected:x16}, found 0x{f.Found:x16}"));
                w.WriteLine(string.Create(inv, $"repro:   {f.BadWords} wrong doublewords in that page; {KindText(f)}"));
                var listed = disk.Corruptions.Take(ReproJson.ListedPages).Select(c => c.Page.ToString(inv));
                w.WriteLine($"repro: corrupt pages: {string.Join(' ', listed)}{(disk.CorruptPages > ReproJson.ListedPages ? " ..." : "")}");
            }
            string kernelSays = r.Stat("corrupt_pages") is { } kc ? $"{kc} corrupt pages" : "no count";
            w.WriteLine(r.Disagreements.Count == 0
                ? $"repro: the kernel's own read-back check agrees ({kernelSays})"
                : $"repro: the kernel's own read-back check DISAGREES with the disk ({kernelSays}):");
            foreach (var n in r.Disagreements) w.WriteLine("  " + n);
        }
        else
        {
            w.WriteLine($"repro: disk not verified: {r.DiskUnverifiedReason}");
            w.WriteLine(r.Corrupted
                ? $"repro: CORRUPTED according to the kernel (corrupt_pages {Show(r.Stat("corrupt_pages"))}, user_exit {Show(r.Stat("user_exit"))})"
                : $"repro: clean according to the kernel (corrupt_pages {Show(r.Stat("corrupt_pages"))}, user_exit {Show(r.Stat("user_exit"))})");
        }
        foreach (var k in r.Kernel.CorruptPages)
            w.WriteLine(string.Create(inv, $"repro: kernel: corrupt page {k.Page} offset {k.Offset} expected 0x{k.Expected:x16} found 0x{k.Found:x16}"));

        w.WriteLine($"repro: invariant (bug-anatomy 4): {Show(r.Stat("invariant_violations"))} violations in {Show(r.Stat("invariant_checks"))} checks of returns to user with FP|VEC|VSX live");
        w.WriteLine($"repro: task_work: {Show(r.Stat("sent"))} create_worker_cb queued ({o.Twa}), ran after syscall {Show(r.Stat("task_work_syscall"))} / after interrupt {Show(r.Stat("task_work_interrupt"))}; {Show(r.Stat("worker_creations"))} io workers created; {Show(r.Stat("ipis_sent"))} IPIs sent, {Show(r.Stat("ipi_messages_lost"))} messages lost, {r.IpiMessagesLate} late");
        w.WriteLine(string.Create(inv, $"repro: io: {Show(r.Stat("writes_submitted"))} writes submitted, {Show(r.Stat("writes_completed"))} completed, {Show(r.Stat("bytes_written"))} bytes; {(r.WriteBytesPerSimSecond is { } bps ? (bps / 1e6).ToString("F1", inv) + " MB/s" : "-")} simulated, {Show(r.CyclesPerWrite)} cycles per write"));
        if (r.Kernel.Chain.Count > 0)
        {
            w.WriteLine("repro: chain of the first invariant violation (kernel record):");
            foreach (var c in r.Kernel.Chain) w.WriteLine("  " + c);
        }
        // Filled by the explain extension point (ReproRunner.ExplainCorruption) when present.
        if (r.SimulatorChain.Count > 0)
        {
            w.WriteLine("repro: explanation from the simulator's record:");
            foreach (var c in r.SimulatorChain) w.WriteLine("  " + c);
        }
        w.Write(string.Create(inv, $"repro: sim_cycles {r.SimCycles}, sim_time {r.SimTimeNs / 1e6:F3} ms, instructions {r.Instructions}, state_hash {r.StateHash:x16}"));
        w.WriteLine(hostSeconds is { } hs ? string.Create(inv, $", host {hs:F1} s") : "");
        return w.ToString();
    }

    private static string KindText(DiskCorruption f) => f.Kind switch
    {
        "wrong_before_checksum" => "its checksum matches the bad data: the bytes were wrong in memory before the writer sealed the page (a clobbered register, not damage in flight)",
        "wrong_after_checksum" => "its checksum does not match its data: the bytes changed after the writer sealed the page (in flight or on the device)",
        "stale_generation" => string.Create(CultureInfo.InvariantCulture, $"an intact page of round {f.FoundGeneration}: the last round's write never reached the disk"),
        "never_written" => "all zero: never written",
        _ => f.Kind,
    };

    private static string Show(ulong? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
