using System.Globalization;

namespace PpcSim.Cli.Repro;

/// <summary>
/// One repro variant: the kernel knobs of firmware/README.md ("Boot configuration block") plus the
/// machine's seed and core count, and any further boot-configuration keys (workload size, worker
/// limits) as <see cref="Extra"/>. Values are validated here so a sweep fails before it starts.
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
    /// <summary>
    /// The kernel's repro_ms: simulated milliseconds after which the page writer is told to stop (a
    /// bound, not a duration: a healthy run ends by itself). Null: sized from the workload
    /// (<see cref="AutoDurationMs"/>), so udelay variants are not cut short.
    /// </summary>
    public ulong? DurationMs { get; init; }
    /// <summary>Further boot-configuration keys, sorted by key (kept sorted so the variant name is canonical).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extra { get; init; } = [];
    public string? Image { get; init; }
    /// <summary>Explain a corrupted disk from the simulator's record (a replay of the run; not part of the variant).</summary>
    public bool Explain { get; init; } = true;
    /// <summary>Write the run's timeline as JSON lines here (not part of the variant).</summary>
    public string? TracePath { get; init; }
    /// <summary>With <see cref="TracePath"/>: memory whose stores the timeline records, each with when every thread can read it ("SYMBOL", "SYMBOL:LEN" or "0xPA:LEN"; not part of the variant).</summary>
    public IReadOnlyList<string> Watches { get; init; } = [];
    /// <summary>The machine's storage model: power (default) or sc.</summary>
    public string Model { get; init; } = "power";
    /// <summary>
    /// Cycles from a msgsnd to the doorbell reaching its target (before the seeded jitter): the
    /// machine's figure unless set. A knob for asking how much later an IPI would have to arrive to
    /// change the outcome (the seed email's barrier theory); named in the variant only when changed.
    /// </summary>
    public ulong IpiLatencyCycles { get; init; } = DefaultIpiLatencyCycles;

    /// <summary>The machine's own doorbell latency (MachineConfig's default).</summary>
    public static readonly ulong DefaultIpiLatencyCycles = new PpcSim.Platform.MachineConfig().IpiLatencyCycles;

    /// <summary>The knobs that have their own option and matrix key.</summary>
    public static readonly string[] Knobs = ["twa", "barrier", "ipi_sync", "udelay_us", "fpu_fix", "cores", "repro_ms", "model", "ipi_latency"];

    /// <summary>The variant without the seed, as "key=value,..." (stable order: the JSON and sweep tables key on it).</summary>
    public string Variant => string.Create(CultureInfo.InvariantCulture,
        $"twa={Twa},barrier={Barrier},ipi_sync={IpiSync},udelay_us={UdelayUs},fpu_fix={FpuFix},cores={Cores},repro_ms={(DurationMs is { } ms ? ms.ToString(CultureInfo.InvariantCulture) : "auto")}{(Model == "power" ? "" : ",model=" + Model)}{(IpiLatencyCycles == DefaultIpiLatencyCycles ? "" : ",ipi_latency=" + IpiLatencyCycles.ToString(CultureInfo.InvariantCulture))}")
        + string.Concat(Extra.Select(e => $",{e.Key}={e.Value}"));

    /// <summary>Sets one knob by its kernel key (twa, barrier, ipi_sync, udelay_us, fpu_fix), a machine key (cores, repro_ms, model, ipi_latency) or CLI spelling (--ipi-sync).</summary>
    public ReproOptions With(string key, string value) => key.Replace('-', '_') switch
    {
        "seed" => this with { Seed = Num("seed", value, 0, ulong.MaxValue) },
        "cores" => this with { Cores = (int)Num("cores", value, 2, 16) },
        "twa" => this with { Twa = OneOf("twa", value, "signal", "noipi") },
        "barrier" => this with { Barrier = OneOf("barrier", value, "none", "lwsync", "sync") },
        "ipi_sync" => this with { IpiSync = OneOf("ipi_sync", value, "on", "off") },
        "udelay_us" => this with { UdelayUs = Num("udelay_us", value, 0, 100_000) },
        "fpu_fix" => this with { FpuFix = OneOf("fpu_fix", value, "off", "on", "giveup") },
        "repro_ms" or "duration_ms" => this with { DurationMs = value == "auto" ? null : Num("repro_ms", value, 1, 100_000) },
        "model" => this with { Model = OneOf("model", value, "power", "sc") },
        "ipi_latency" => this with { IpiLatencyCycles = Num("ipi_latency", value, 1, 100_000_000) },
        _ => throw new UsageException($"unknown repro knob '{key}' ({string.Join(", ", Knobs)}; other boot keys with --set key=value)"),
    };

    /// <summary>Sets any boot-configuration key: the named knobs go through <see cref="With"/>, others into <see cref="Extra"/> (checked against the image when the run starts).</summary>
    public ReproOptions WithBootKey(string key, string value)
    {
        string k = key.Replace('-', '_');
        if (Knobs.Contains(k) || k == "duration_ms") return With(k, value);
        if (k is "selftest" or "tick_us" or "ipi_rounds") throw new UsageException($"boot key '{k}' is fixed by ppcsim repro");
        if (k.Length == 0 || !k.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || value.Length == 0
            || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-'))
            throw new UsageException($"bad boot setting '{key}={value}'");
        var extra = Extra.Where(e => e.Key != k).Append(new(k, value)).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        return this with { Extra = extra };
    }

    /// <summary>
    /// The automatic repro_ms for a workload of pages x rounds writes: 100 ms (a default run takes
    /// ~8 ms) plus 1.5 times the udelay every write may spend in io_write.
    /// </summary>
    public ulong AutoDurationMs(ulong pages, ulong rounds) => 100 + UdelayUs * pages * rounds * 3 / 2 / 1000;

    private static string OneOf(string key, string value, params string[] allowed) =>
        allowed.Contains(value) ? value : throw new UsageException($"{key} must be one of {string.Join("|", allowed)}, got '{value}'");

    private static ulong Num(string key, string value, ulong min, ulong max) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v : throw new UsageException($"{key} must be an integer in {min}..{max}, got '{value}'");
}
