using System.Globalization;
using System.Text.RegularExpressions;
using PpcSim.Platform;

namespace PpcSim.Cli.Repro;

/// <summary>
/// Boots firmware/bin/kernel.bin with the repro knobs (selftest=off, so only boot, the IPI
/// check and the create-worker workload run) and reads the kernel's `repro:` lines back.
/// Everything comes from the simulation: same options, same result, byte for byte.
/// </summary>
public static partial class ReproRunner
{
    /// <summary>Generous bound: a healthy 50 ms run takes ~200 M cycles; a hang must end as a result, not spin.</summary>
    private const ulong CyclesPerMsBound = 40_000_000UL;

    public static ReproResult Run(ReproOptions o)
    {
        string image = o.Image ?? RepoPaths.Find("firmware", "bin", "kernel.bin");
        if (!File.Exists(image)) throw new UsageException($"{image}: no such firmware image");
        byte[] bytes = File.ReadAllBytes(image);
        var cfg = BootConfigBlock.Find(bytes) ?? throw new UsageException($"{image}: no boot configuration block");
        var inv = CultureInfo.InvariantCulture;
        (string, string)[] sets =
        [
            ("cores", o.Cores.ToString(inv)), ("selftest", "off"), ("ipi_rounds", "1"), ("tick_us", "250"),
            ("twa", o.Twa), ("barrier", o.Barrier), ("ipi_sync", o.IpiSync), ("udelay_us", o.UdelayUs.ToString(inv)),
            ("fpu_fix", o.FpuFix), ("repro_ms", o.DurationMs.ToString(inv)),
        ];
        foreach (var (k, v) in sets)
            if (cfg.Set(k, v) is { } err) throw new UsageException($"{image}: {err} (is the image older than ppcsim repro?)");
        cfg.WriteTo(bytes);

        var config = new MachineConfig { Cores = o.Cores, Seed = o.Seed, MemoryModel = o.Model == "sc" ? StorageModel.Sc : StorageModel.Power };
        var m = new SystemMachine(config);
        m.LoadFlatImage(bytes);
        var reason = m.Run(maxCycles: 2_000_000_000UL + o.DurationMs * CyclesPerMsBound);

        string console = m.Console;
        var lines = console.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var stats = new Dictionary<string, ulong>();
        var chain = new List<string>();
        ulong? rounds = null, badRounds = null;
        string? reg = null;
        ulong[]? found = null, expected = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("repro: stats ", StringComparison.Ordinal))
            {
                foreach (Match kv in KeyValue().Matches(line))
                    stats[kv.Groups[1].Value] = ulong.Parse(kv.Groups[2].Value, inv);
            }
            else if (line.StartsWith("repro: chain: ", StringComparison.Ordinal))
                chain.Add(line["repro: chain: ".Length..]);
            else if (FirstCorruption().Match(line) is { Success: true } fc)
            {
                reg = "vs" + fc.Groups[1].Value;
                found = [Hex(fc.Groups[2].Value), Hex(fc.Groups[3].Value)];
                expected = [Hex(fc.Groups[4].Value), Hex(fc.Groups[5].Value)];
            }
            else if (UserRounds().Match(line) is { Success: true } ur)
            {
                rounds = ulong.Parse(ur.Groups[1].Value, inv);
                badRounds = ulong.Parse(ur.Groups[2].Value, inv);
            }
        }
        ulong cycles = m.Cpus.Max(c => c.Cycles), insns = 0;
        foreach (var c in m.Cpus) insns += c.Instructions;
        bool completed = stats.ContainsKey("user_exit");
        return new ReproResult
        {
            Options = o,
            StopReason = reason.ToString(),
            ExitStatus = m.SimControl.ExitStatus,
            Completed = completed,
            Corrupted = (badRounds ?? 0) > 0 || (stats.TryGetValue("user_exit", out var ue) && ue != 0),
            UserRounds = rounds,
            CorruptRounds = badRounds,
            FirstCorruptionRegister = reg,
            FirstCorruptionFound = found,
            FirstCorruptionExpected = expected,
            KernelStats = stats,
            Chain = chain,
            SimCycles = cycles,
            SimTimeNs = (ulong)(cycles * (UInt128)1_000_000_000UL / config.CoreHz),
            Instructions = insns,
            StateHash = m.StateHash(),
            Console = console,
        };
    }

    private static ulong Hex(string s) => ulong.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\b([a-z_]+)=([0-9]+)\b")]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"^repro: first corruption: vs([0-9]+) dw0 0x([0-9a-f]+) dw1 0x([0-9a-f]+) \(expected 0x([0-9a-f]+) 0x([0-9a-f]+)\)")]
    private static partial Regex FirstCorruption();

    [GeneratedRegex(@"^repro: user rounds ([0-9]+), rounds with corrupted registers ([0-9]+)")]
    private static partial Regex UserRounds();
}
