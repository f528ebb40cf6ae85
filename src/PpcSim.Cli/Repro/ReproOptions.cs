using System.Globalization;

namespace PpcSim.Cli.Repro;

/// <summary>
/// One repro variant: the kernel knobs of firmware/README.md ("Boot configuration block") plus the
/// machine's seed and core count. Values are validated here so a sweep fails before it starts.
/// </summary>
public sealed record ReproOptions
{
    public ulong Seed { get; init; } = 1;
    public int Cores { get; init; } = 2;
    public string Twa { get; init; } = "signal";
    public string Barrier { get; init; } = "none";
    public string IpiSync { get; init; } = "on";
    public ulong UdelayUs { get; init; }
    public string FpuFix { get; init; } = "off";
    /// <summary>Simulated milliseconds of the create-worker workload (kernel knob repro_ms).</summary>
    public ulong DurationMs { get; init; } = 50;
    public string? Image { get; init; }
    /// <summary>The machine's storage model: power (default) or sc.</summary>
    public string Model { get; init; } = "power";

    /// <summary>The variant without the seed, as "key=value,..." (stable order: the JSON and sweep tables key on it).</summary>
    public string Variant => string.Create(CultureInfo.InvariantCulture,
        $"twa={Twa},barrier={Barrier},ipi_sync={IpiSync},udelay_us={UdelayUs},fpu_fix={FpuFix},cores={Cores},repro_ms={DurationMs}{(Model == "power" ? "" : ",model=" + Model)}");

    /// <summary>Sets one knob by its kernel key (twa, barrier, ipi_sync, udelay_us, fpu_fix, cores, repro_ms) or CLI spelling.</summary>
    public ReproOptions With(string key, string value) => key.Replace('-', '_') switch
    {
        "seed" => this with { Seed = Num(key, value, 0, ulong.MaxValue) },
        "cores" => this with { Cores = (int)Num(key, value, 2, 16) },
        "twa" => this with { Twa = OneOf(key, value, "signal", "noipi") },
        "barrier" => this with { Barrier = OneOf(key, value, "none", "lwsync", "sync") },
        "ipi_sync" => this with { IpiSync = OneOf(key, value, "on", "off") },
        "udelay_us" => this with { UdelayUs = Num(key, value, 0, 100_000) },
        "fpu_fix" => this with { FpuFix = OneOf(key, value, "off", "on", "giveup") },
        "repro_ms" or "duration_ms" => this with { DurationMs = Num(key, value, 1, 100_000) },
        "model" => this with { Model = OneOf(key, value, "power", "sc") },
        _ => throw new UsageException($"unknown repro knob '{key}' (twa, barrier, ipi_sync, udelay_us, fpu_fix, cores, repro_ms, model)"),
    };

    private static string OneOf(string key, string value, params string[] allowed) =>
        allowed.Contains(value) ? value : throw new UsageException($"{key} must be one of {string.Join("|", allowed)}, got '{value}'");

    private static ulong Num(string key, string value, ulong min, ulong max) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v : throw new UsageException($"{key} must be an integer in {min}..{max}, got '{value}'");
}
