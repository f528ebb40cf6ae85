using PpcSim.Platform;

namespace PpcSim.Firmware.Tests;

/// <summary>Boots firmware/bin/kernel.bin on PpcSim's full-system machine, in process.</summary>
public sealed record PpcSimBoot(MachineStopReason Reason, int? ExitStatus, string Console, string? Diagnosis, ulong StateHash,
    ulong BlockCompleted = 0, ulong ExternalInterrupts = 0, ulong SpinSkips = 0)
{
    public static PpcSimBoot Boot(int cores, ulong seed, params string[] sets)
    {
        byte[] image = File.ReadAllBytes(Path.Combine(QemuRun.FirmwareDir, "bin", "kernel.bin"));
        var cfg = BootConfigBlock.Find(image) ?? throw new InvalidOperationException("kernel.bin has no boot configuration block");
        Assert.Null(cfg.Set("cores", cores.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        // Shorter self-test tasks and a faster tick: the same self-test lines in a fraction of the
        // simulated time (firmware/README.md); callers' settings come after and win.
        foreach (var s in (string[])["task_ms=5", "tick_us=250", .. sets])
        {
            int eq = s.IndexOf('=');
            Assert.Null(cfg.Set(s[..eq], s[(eq + 1)..]));
        }
        cfg.WriteTo(image);
        var m = new SystemMachine(new MachineConfig { Cores = cores, Seed = seed });
        m.LoadFlatImage(image);
        // A bound far above a normal boot (a few hundred million cycles) so a hang fails instead of spinning.
        var reason = m.Run(maxCycles: 20_000_000_000UL);
        return new PpcSimBoot(reason, m.SimControl.ExitStatus, m.Console, m.Diagnosis, m.StateHash(),
            m.BlockDevice?.Completed ?? 0, m.ExternalInterrupts, (ulong)m.Cpus.Sum(c => (long)c.SpinSkips));
    }

    public string[] Lines => Console.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string[] StableLines => Lines.Where(l => l.StartsWith("selftest:", StringComparison.Ordinal) || l.StartsWith("user:", StringComparison.Ordinal)).ToArray();

    public string Describe() => $"{Reason} exit {ExitStatus}\n{Diagnosis}\n--- console ---\n{Console}";
}
