using System.Diagnostics;
using System.Globalization;
using PpcSim.Platform;

namespace PpcSim.Cli.Commands;

/// <summary>
/// ppcsim boot [--cores N] [--seed S] [--model power|sc] [--set key=value ...] [--image FILE] [--max-cycles N] [--stats] [--gdb PORT]:
/// boots the firmware on the full-system machine, console to stdout. Exit status: the guest's
/// power-off status; 3 when the machine stops with a diagnosis (hang, storm, limit).
/// </summary>
public sealed class BootCommand : ICommand
{
    public string Name => "boot";
    public string Synopsis => "boot [--cores N] [--seed S] [--model power|sc] [--set key=value ...] [--image FILE] [--gdb PORT]   boot the firmware (--gdb: under gdb, stub on 127.0.0.1:PORT)";

    public int Run(IReadOnlyList<string> args)
    {
        int cores = 1;
        ulong seed = 1, maxCycles = 0;
        bool stats = false;
        var model = StorageModel.Power;
        string? image = null;
        int? gdbPort = null;
        var sets = new List<(string Key, string Value)>();
        for (int i = 0; i < args.Count; i++)
        {
            string Next() => ++i < args.Count ? args[i] : throw new UsageException($"{args[i - 1]} needs a value");
            switch (args[i])
            {
                case "--cores":
                    if (!int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out cores) || cores < 1 || cores > 64)
                        throw new UsageException("--cores must be 1..64");
                    break;
                case "--seed":
                    if (!ulong.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out seed)) throw new UsageException("--seed must be a non-negative integer");
                    break;
                case "--max-cycles":
                    if (!ulong.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out maxCycles)) throw new UsageException("--max-cycles must be a non-negative integer");
                    break;
                case "--image": image = Next(); break;
                case "--gdb": gdbPort = GdbPort.Parse(Next()); break;
                case "--model":
                    model = Next() switch
                    {
                        "power" => StorageModel.Power,
                        "sc" => StorageModel.Sc,
                        var m => throw new UsageException($"--model must be power or sc, got '{m}'"),
                    };
                    break;
                case "--stats": stats = true; break;
                case "--set":
                    {
                        string kv = Next();
                        int eq = kv.IndexOf('=');
                        if (eq <= 0) throw new UsageException($"--set expects key=value, got '{kv}'");
                        sets.Add((kv[..eq], kv[(eq + 1)..]));
                        break;
                    }
                default: throw new UsageException($"unknown option '{args[i]}'");
            }
        }
        image ??= RepoPaths.Find("firmware", "bin", "kernel.bin");
        if (!File.Exists(image)) throw new UsageException($"{image}: no such firmware image");
        byte[] bytes = File.ReadAllBytes(image);
        if (bytes.Length < 0x100) throw new UsageException($"{image}: too small to be a firmware image");
        if (sets.Count > 0 || BootConfigBlock.Find(bytes) != null)
        {
            var cfg = BootConfigBlock.Find(bytes) ?? throw new UsageException($"{image}: no boot configuration block, so --set cannot apply");
            if (cfg.Get("platform") != null) cfg.Set("platform", "ppcsim");
            if (cfg.Get("cores") != null) cfg.Set("cores", cores.ToString(CultureInfo.InvariantCulture));
            foreach (var (k, v) in sets)
                if (cfg.Set(k, v) is { } err) throw new UsageException(err);
            cfg.WriteTo(bytes);
        }
        using var stdout = Console.OpenStandardOutput();
        if (gdbPort is { } port)
        {
            var config = new MachineConfig { Cores = cores, Seed = seed, MaxCycles = maxCycles, MemoryModel = model };
            return PpcSim.GdbStub.SystemGdbRunner.Run(con =>
            {
                var m = new SystemMachine(config, con);
                m.LoadFlatImage(bytes);
                return m;
            }, ulong.MaxValue, port, stdout, Console.Error);
        }
        var machine = new SystemMachine(new MachineConfig { Cores = cores, Seed = seed, MaxCycles = maxCycles, MemoryModel = model }, stdout);
        try
        {
            machine.LoadFlatImage(bytes);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{image}: {e.Message}");
        }
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var reason = machine.Run();
        sw.Stop();
        double cpuSecs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        stdout.Flush();
        if (stats)
        {
            ulong n = 0;
            foreach (var c in machine.Cpus) n += c.Instructions;
            double secs = sw.Elapsed.TotalSeconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stats: instructions={n} host_seconds={secs:F3} mips={(secs > 0 ? n / secs / 1e6 : 0):F1} host_cpu_seconds={cpuSecs:F3} cpu_mips={(cpuSecs > 0 ? n / cpuSecs / 1e6 : 0):F1} sim_cycles={machine.Cpus.Max(c => c.Cycles)} state_hash={machine.StateHash():x16}"));
            ulong skips = 0, skipped = 0;
            foreach (var c in machine.Cpus) { skips += c.SpinSkips; skipped += c.SpinSkippedCycles; }
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stats: tb_spin_skips={skips} tb_spin_skipped_cycles={skipped} blk_completed={machine.BlockDevice?.Completed ?? 0} external_interrupts={machine.ExternalInterrupts} doorbells={machine.DoorbellsSent}"));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stats: model={(model == StorageModel.Power ? "power" : "sc")} stores_recorded={machine.StoresRecorded} stale_reads={machine.StaleReads} {machine.OverlayCounters}"));
        }
        if (reason == MachineStopReason.PowerOff) return machine.SimControl.ExitStatus ?? 0;
        Console.Error.WriteLine($"ppcsim boot: machine stopped: {reason}");
        if (machine.Diagnosis != null) Console.Error.WriteLine(machine.Diagnosis);
        return 3;
    }
}
