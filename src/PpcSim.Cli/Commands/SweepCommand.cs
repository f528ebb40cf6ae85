using System.Globalization;
using System.Text.Json;
using PpcSim.Cli.Repro;

namespace PpcSim.Cli.Commands;

/// <summary>
/// ppcsim sweep --seeds A-B [--matrix key=v1,v2 ...] [--KNOB value ...] [--jobs N] [--out FILE.jsonl]:
/// runs `ppcsim repro` for every seed of every variant (the cartesian product of the matrices),
/// several simulations in parallel (never one simulation on several threads), appends one JSON
/// line per run to FILE (a rerun skips the seed/variant pairs already there) and prints a table
/// per variant: corruption rate with its 95% Wilson interval, invariant violations, IPIs.
/// </summary>
public sealed class SweepCommand : ICommand
{
    public string Name => "sweep";
    public string Synopsis => "sweep --seeds A-B [--matrix key=v1,v2 ...] [--jobs N] [--out FILE.jsonl]   repro over seeds x variants";

    public int Run(IReadOnlyList<string> args)
    {
        var inv = CultureInfo.InvariantCulture;
        ulong first = 1, last = 10;
        int jobs = 1;
        string? outFile = null;
        var baseOpts = new ReproOptions();
        var matrix = new List<(string Key, string[] Values)>();
        for (int i = 0; i < args.Count; i++)
        {
            string Next() => ++i < args.Count ? args[i] : throw new UsageException($"{args[i - 1]} needs a value");
            switch (args[i])
            {
                case "--seeds":
                    {
                        string s = Next();
                        var parts = s.Split('-');
                        if (parts.Length is < 1 or > 2 || !ulong.TryParse(parts[0], NumberStyles.None, inv, out first)
                            || !ulong.TryParse(parts[^1], NumberStyles.None, inv, out last) || last < first)
                            throw new UsageException($"--seeds expects A-B with A <= B, got '{s}'");
                        break;
                    }
                case "--jobs":
                    if (!int.TryParse(Next(), NumberStyles.None, inv, out jobs) || jobs < 1 || jobs > 64) throw new UsageException("--jobs must be 1..64");
                    break;
                case "--out": outFile = Next(); break;
                case "--image": baseOpts = baseOpts with { Image = Next() }; break;
                case "--matrix":
                    {
                        string kv = Next();
                        int eq = kv.IndexOf('=');
                        if (eq <= 0 || eq == kv.Length - 1) throw new UsageException($"--matrix expects key=v1,v2,..., got '{kv}'");
                        var values = kv[(eq + 1)..].Split(',');
                        foreach (var v in values) baseOpts.With(kv[..eq], v);	// validate now, not mid-sweep
                        matrix.Add((kv[..eq], values));
                        break;
                    }
                case var a when a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2:
                    baseOpts = baseOpts.With(a[2..], Next());
                    break;
                default: throw new UsageException($"unknown argument '{args[i]}'");
            }
        }

        var variants = new List<ReproOptions> { baseOpts };
        foreach (var (key, values) in matrix)
            variants = variants.SelectMany(v => values.Select(x => v.With(key, x))).ToList();
        variants = variants.DistinctBy(v => v.Variant).ToList();

        // Resume: every (seed, variant) already in the file counts as done and as a result.
        var results = new List<JsonElement>();
        var done = new HashSet<(ulong, string)>();
        if (outFile != null && File.Exists(outFile))
            foreach (var line in File.ReadLines(outFile))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                JsonElement e;
                try { e = JsonDocument.Parse(line).RootElement.Clone(); }
                catch (JsonException) { continue; }	// a line cut by a kill: redo that run
                if (done.Add((e.GetProperty("seed").GetUInt64(), e.GetProperty("variant").GetString()!))) results.Add(e);
            }
        var todo = new List<ReproOptions>();
        for (ulong s = first; s <= last; s++)
            foreach (var v in variants)
                if (!done.Contains((s, v.Variant))) todo.Add(v with { Seed = s });

        long total = todo.Count, finished = 0;
        var gate = new object();
        using var writer = outFile != null ? new StreamWriter(outFile, append: true) : null;
        if (total > 0)
            Console.Error.WriteLine($"sweep: {total} runs to do ({done.Count} already in {outFile ?? "-"}), {jobs} jobs");
        Parallel.ForEach(todo, new ParallelOptions { MaxDegreeOfParallelism = jobs }, o =>
        {
            var r = ReproRunner.Run(o);
            string json = ReproJson.Format(r);
            lock (gate)
            {
                writer?.WriteLine(json);
                writer?.Flush();
                results.Add(JsonDocument.Parse(json).RootElement.Clone());
                finished++;
                int width = 30, filled = (int)(finished * width / total);
                Console.Error.Write($"\rsweep: [{new string('#', filled)}{new string('.', width - filled)}] {finished}/{total}");
            }
        });
        if (total > 0) Console.Error.WriteLine();

        Console.Out.WriteLine($"seeds {first}-{last}");
        Console.Out.WriteLine($"{"variant",-72} {"runs",5} {"corrupt",7} {"rate",6} {"95% Wilson",15} {"inv.viol",8} {"tw irq/sc",11} {"ipis/run",8}");
        foreach (var v in variants)
        {
            var rows = results.Where(e => e.GetProperty("variant").GetString() == v.Variant)
                .Where(e => e.GetProperty("seed").GetUInt64() is var s && s >= first && s <= last).ToList();
            long n = rows.Count, k = rows.Count(e => e.GetProperty("corrupted").GetBoolean());
            long viol = rows.Sum(e => Long(e, "invariant_violations"));
            long twi = rows.Sum(e => Long(e.GetProperty("task_work_runs"), "interrupt"));
            long tws = rows.Sum(e => Long(e.GetProperty("task_work_runs"), "syscall"));
            double ipis = n > 0 ? rows.Average(e => (double)Long(e, "ipis_sent")) : 0;
            var (lo, hi) = Wilson.Interval(k, n);
            Console.Out.WriteLine(string.Create(inv,
                $"{v.Variant,-72} {n,5} {k,7} {(n > 0 ? 100.0 * k / n : 0),5:F0}% {$"[{100 * lo:F0}%, {100 * hi:F0}%]",15} {viol,8} {$"{twi}/{tws}",11} {ipis,8:F0}"));
        }
        return 0;
    }

    private static long Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt64() : 0;
}
