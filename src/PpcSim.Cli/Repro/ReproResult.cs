namespace PpcSim.Cli.Repro;

/// <summary>What one repro run measured. Fields the current workload cannot report are null (see <see cref="Unavailable"/>).</summary>
public sealed record ReproResult
{
    public required ReproOptions Options { get; init; }
    public required string StopReason { get; init; }
    public int? ExitStatus { get; init; }
    /// <summary>The kernel printed its repro summary (a run that hung or panicked has none).</summary>
    public bool Completed { get; init; }
    public bool Corrupted { get; init; }
    public ulong? UserRounds { get; init; }
    public ulong? CorruptRounds { get; init; }
    public string? FirstCorruptionRegister { get; init; }
    public ulong[]? FirstCorruptionFound { get; init; }
    public ulong[]? FirstCorruptionExpected { get; init; }
    public IReadOnlyDictionary<string, ulong> KernelStats { get; init; } = new Dictionary<string, ulong>();
    public IReadOnlyList<string> Chain { get; init; } = [];
    public ulong SimCycles { get; init; }
    public ulong SimTimeNs { get; init; }
    public ulong Instructions { get; init; }
    public ulong StateHash { get; init; }
    public string Console { get; init; } = "";

    /// <summary>JSON fields of issue 5 this workload does not produce yet (no disk pages, no lost-message detector).</summary>
    public static readonly string[] Unavailable = ["corrupt_pages", "bytes_written", "ipi_messages_lost"];

    public ulong? Stat(string key) => KernelStats.TryGetValue(key, out var v) ? v : null;
}
