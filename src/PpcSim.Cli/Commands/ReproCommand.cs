using System.Diagnostics;
using System.Globalization;
using PpcSim.Cli.Repro;

namespace PpcSim.Cli.Commands;

/// <summary>
/// ppcsim repro [--seed S] [--cores N] [--twa signal|noipi] [--barrier none|lwsync|sync] [--ipi-sync on|off]
/// [--udelay-us N] [--fpu-fix off|on|giveup] [--duration-ms N] [--image FILE] [--json] [--console] [--gdb PORT]:
/// boots the kernel with the repro knobs, runs the create-worker workload against a user thread
/// holding live VSRs and reports whether and where the registers were corrupted, with the chain
/// the kernel recorded. Exit status: 0 clean, 1 corrupted, 3 the run did not complete.
/// </summary>
public sealed class ReproCommand : ICommand
{
    public string Name => "repro";
    public string Synopsis => "repro [--seed S] [--twa signal|noipi] [--barrier none|lwsync|sync] [--ipi-sync on|off] [--udelay-us N] [--fpu-fix off|on|giveup] [--json] [--gdb PORT]   reproduce the f0/vs0 corruption";

    public int Run(IReadOnlyList<string> args)
    {
        var o = new ReproOptions();
        bool json = false, console = false;
        int? gdbPort = null;
        for (int i = 0; i < args.Count; i++)
        {
            string Next() => ++i < args.Count ? args[i] : throw new UsageException($"{args[i - 1]} needs a value");
            switch (args[i])
            {
                case "--json": json = true; break;
                case "--console": console = true; break;
                case "--image": o = o with { Image = Next() }; break;
                case "--gdb": gdbPort = GdbPort.Parse(Next()); break;
                case var a when a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2:
                    o = o.With(a[2..], Next());
                    break;
                default: throw new UsageException($"unknown argument '{args[i]}'");
            }
        }
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
        if (json)
            Console.Out.WriteLine(ReproJson.Format(r));
        else
            PrintText(r, sw.Elapsed.TotalSeconds);
        return !r.Completed ? 3 : r.Corrupted ? 1 : 0;
    }

    private static void PrintText(ReproResult r, double hostSeconds)
    {
        var inv = CultureInfo.InvariantCulture;
        var o = r.Options;
        var w = Console.Out;
        w.WriteLine($"repro: seed {o.Seed}, {o.Variant}");
        if (!r.Completed)
        {
            w.WriteLine($"repro: the run did not complete (machine stopped: {r.StopReason}, exit {r.ExitStatus?.ToString(inv) ?? "-"}); rerun with --console");
            return;
        }
        if (r.Corrupted)
        {
            w.WriteLine($"repro: CORRUPTED: {r.CorruptRounds} of {r.UserRounds} user rounds found wrong register contents");
            if (r.FirstCorruptionRegister is { } reg)
                w.WriteLine(string.Create(inv, $"repro: first corruption: {reg} = 0x{r.FirstCorruptionFound![0]:x16} 0x{r.FirstCorruptionFound[1]:x16}, expected 0x{r.FirstCorruptionExpected![0]:x16} 0x{r.FirstCorruptionExpected[1]:x16}"));
        }
        else
            w.WriteLine($"repro: clean: {r.UserRounds} user rounds, registers always intact");
        w.WriteLine($"repro: invariant (bug-anatomy 4): {r.Stat("invariant_violations")} violations in {r.Stat("invariant_checks")} checks of returns to user after save_all left the registers live");
        w.WriteLine($"repro: task_work: {r.Stat("sent")} create_worker_cb queued ({o.Twa}), ran after syscall {r.Stat("task_work_syscall")} / after interrupt {r.Stat("task_work_interrupt")}, {r.Stat("worker_creations")} io workers created, {r.Stat("ipis_sent")} IPIs sent");
        if (r.Chain.Count > 0)
        {
            w.WriteLine("repro: chain of the first invariant violation (kernel record):");
            foreach (var c in r.Chain) w.WriteLine("  " + c);
        }
        w.WriteLine(string.Create(inv, $"repro: sim_cycles {r.SimCycles}, sim_time {r.SimTimeNs / 1e6:F3} ms, instructions {r.Instructions}, state_hash {r.StateHash:x16}, host {hostSeconds:F1} s"));
        w.WriteLine("repro: not available yet: " + string.Join(", ", ReproResult.Unavailable) + " (this workload checks registers, not disk pages)");
    }
}
