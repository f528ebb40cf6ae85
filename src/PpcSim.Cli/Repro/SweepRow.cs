using System.Text.Json;

namespace PpcSim.Cli.Repro;

/// <summary>One variant's figures over the seeds of a sweep (runs taken in seed order, so the sums are deterministic).</summary>
public sealed record SweepRow
{
    public required string Variant { get; init; }
    /// <summary>The knobs that differ between the sweep's variants ("default" if none do): the short name in tables and the plot.</summary>
    public required string Label { get; init; }
    public long Runs { get; init; }
    /// <summary>Runs whose repro phase finished; the rate's denominator.</summary>
    public long Completed { get; init; }
    public long Incomplete => Runs - Completed;
    public long Corrupted { get; init; }
    public double Rate => Completed > 0 ? (double)Corrupted / Completed : 0;
    public double WilsonLow { get; init; }
    public double WilsonHigh { get; init; }
    public long CorruptPages { get; init; }
    public long InvariantViolations { get; init; }
    public long RunsWithViolations { get; init; }
    /// <summary>Mean simulated write throughput, bytes per simulated second (null: no run reported it).</summary>
    public double? WriteBytesPerSimSecond { get; init; }
    public double? CyclesPerWrite { get; init; }
    public double? IpisPerRun { get; init; }
    /// <summary>Sum over the runs that reported it (null: none did).</summary>
    public long? IpiMessagesLost { get; init; }
    public long TaskWorkInterrupt { get; init; }
    public long TaskWorkSyscall { get; init; }

    public static SweepRow Aggregate(string variant, string label, IReadOnlyList<JsonElement> runs)
    {
        var completed = runs.Where(e => Bool(e, "completed")).ToList();
        long k = completed.Count(e => Bool(e, "corrupted"));
        var (lo, hi) = Wilson.Interval(k, completed.Count);
        return new SweepRow
        {
            Variant = variant,
            Label = label,
            Runs = runs.Count,
            Completed = completed.Count,
            Corrupted = k,
            WilsonLow = lo,
            WilsonHigh = hi,
            CorruptPages = completed.Sum(e => Long(e, "corrupt_pages") ?? 0),
            InvariantViolations = completed.Sum(e => Long(e, "invariant_violations") ?? 0),
            RunsWithViolations = completed.Count(e => Long(e, "invariant_violations") > 0),
            WriteBytesPerSimSecond = Mean(completed, e => Long(e, "write_bytes_per_sim_s")),
            CyclesPerWrite = Mean(completed, e => Long(e, "cycles_per_write")),
            IpisPerRun = Mean(completed, e => Long(e, "ipis_sent")),
            IpiMessagesLost = completed.Any(e => Long(e, "ipi_messages_lost") != null) ? completed.Sum(e => Long(e, "ipi_messages_lost") ?? 0) : null,
            TaskWorkInterrupt = completed.Sum(e => e.TryGetProperty("task_work_runs", out var t) ? Long(t, "interrupt") ?? 0 : 0),
            TaskWorkSyscall = completed.Sum(e => e.TryGetProperty("task_work_runs", out var t) ? Long(t, "syscall") ?? 0 : 0),
        };
    }

    private static double? Mean(List<JsonElement> runs, Func<JsonElement, long?> get)
    {
        long n = 0;
        double sum = 0;
        foreach (var e in runs)
            if (get(e) is { } v)
            {
                n++;
                sum += v;
            }
        return n > 0 ? sum / n : null;
    }

    private static bool Bool(JsonElement e, string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.True;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var v) ? v : null;
}
