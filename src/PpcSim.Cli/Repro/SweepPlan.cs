namespace PpcSim.Cli.Repro;

/// <summary>
/// What a sweep runs: seeds First..Last of every variant. Work order is seed-major, then variant
/// in matrix order; results are committed to the JSONL file in exactly this order whatever the
/// number of jobs, so the file is a prefix of the same sequence on every run.
/// </summary>
public sealed record SweepPlan
{
    public required ulong First { get; init; }
    public required ulong Last { get; init; }
    /// <summary>The variants (seed unset), distinct by <see cref="ReproOptions.Variant"/>, in matrix order.</summary>
    public required IReadOnlyList<ReproOptions> Variants { get; init; }
    public int Jobs { get; init; } = 1;
    public string? OutFile { get; init; }

    public IEnumerable<ReproOptions> WorkItems()
    {
        for (ulong s = First; ; s++)
        {
            foreach (var v in Variants) yield return v with { Seed = s };
            if (s == Last) yield break;
        }
    }

    /// <summary>The cartesian product of the matrix over a base variant, keys in the given order (the last key varies fastest).</summary>
    public static IReadOnlyList<ReproOptions> Expand(ReproOptions baseOptions, IReadOnlyList<(string Key, string[] Values)> matrix)
    {
        var variants = new List<ReproOptions> { baseOptions };
        foreach (var (key, values) in matrix)
            variants = variants.SelectMany(v => values.Select(x => v.WithBootKey(key, x))).ToList();
        return variants.DistinctBy(v => v.Variant).ToList();
    }
}
