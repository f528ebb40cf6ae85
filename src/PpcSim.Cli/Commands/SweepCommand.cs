using System.Globalization;
using PpcSim.Cli.Repro;

namespace PpcSim.Cli.Commands;

/// <summary>
/// ppcsim sweep --seeds A-B [--matrix key=v1,v2 ...] [--KNOB value ...] [--set key=value ...] [--jobs N]
/// [--out FILE.jsonl]: runs `ppcsim repro` for every seed of every variant (the cartesian product of
/// the matrices), several simulations in parallel (never one simulation on several threads),
/// appends one JSON line per run to FILE.jsonl in plan order (a rerun skips the seed/variant pairs
/// already there) and prints a table per variant: corruption rate with its 95% Wilson interval,
/// invariant violations, simulated write throughput, cycles per write, IPIs, lost messages; also
/// written as FILE.md, FILE.csv and FILE.svg.
/// </summary>
public sealed class SweepCommand : ICommand
{
    public string Name => "sweep";
    public string Synopsis => "sweep --seeds A-B [--matrix key=v1,v2 ...] [--jobs N] [--out FILE.jsonl]   repro over seeds x variants, rates with Wilson intervals";

    public int Run(IReadOnlyList<string> args)
    {
        var plan = Parse(args);
        // Every variant must be accepted by the image before anything runs (a typo in a matrix
        // value fails now, not after an hour).
        foreach (var v in plan.Variants) ReproRunner.PrepareImage(v);
        using var file = plan.OutFile == null ? SweepResultsFile.InMemory() : OpenResults(plan.OutFile);
        var err = Console.Error;
        if (file.TruncatedBytes > 0) err.WriteLine($"sweep: {plan.OutFile}: dropped a partial last line ({file.TruncatedBytes} bytes, cut by a kill); that run is redone");
        if (file.BadLines > 0) err.WriteLine($"sweep: {plan.OutFile}: skipped {file.BadLines} lines that are not results");
        long total = plan.Variants.Count * (long)(plan.Last - plan.First + 1);
        long done = plan.WorkItems().Count(o => file.Done.ContainsKey((o.Seed, o.Variant)));
        if (done < total)
            err.WriteLine($"sweep: {total - done} runs to do, {done} already in {plan.OutFile ?? "-"}; {plan.Jobs} jobs");
        var results = SweepRunner.Run(plan, file, SweepRunner.RunRepro, err, terminal: !Console.IsErrorRedirected);
        var report = SweepReport.Build(plan, results);
        Console.Out.Write(report.Text());
        if (plan.OutFile != null)
            Console.Out.WriteLine("sweep: wrote " + string.Join(", ", report.WriteFiles(plan.OutFile).Prepend(plan.OutFile)));
        return 0;
    }

    private static SweepResultsFile OpenResults(string path)
    {
        try
        {
            return SweepResultsFile.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: {e.Message}");
        }
    }

    public static SweepPlan Parse(IReadOnlyList<string> args)
    {
        var inv = CultureInfo.InvariantCulture;
        ulong? first = null, last = null;
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
                        if (parts.Length is < 1 or > 2 || !ulong.TryParse(parts[0], NumberStyles.None, inv, out var a)
                            || !ulong.TryParse(parts[^1], NumberStyles.None, inv, out var b) || b < a)
                            throw new UsageException($"--seeds expects A-B with A <= B, got '{s}'");
                        (first, last) = (a, b);
                        break;
                    }
                case "--jobs":
                    if (!int.TryParse(Next(), NumberStyles.None, inv, out jobs) || jobs < 1 || jobs > 64) throw new UsageException("--jobs must be 1..64");
                    break;
                case "--out":
                    outFile = Next();
                    if (Path.GetExtension(outFile) is ".md" or ".csv" or ".svg")
                        throw new UsageException($"--out names the JSONL file (the .md/.csv/.svg are written next to it), got '{outFile}'");
                    break;
                case "--image": baseOpts = baseOpts with { Image = Next() }; break;
                case "--set":
                    {
                        string kv = Next();
                        int eq = kv.IndexOf('=');
                        if (eq <= 0) throw new UsageException($"--set expects key=value, got '{kv}'");
                        baseOpts = baseOpts.WithBootKey(kv[..eq], kv[(eq + 1)..]);
                        break;
                    }
                case "--matrix":
                    {
                        string kv = Next();
                        int eq = kv.IndexOf('=');
                        if (eq <= 0 || eq == kv.Length - 1) throw new UsageException($"--matrix expects key=v1,v2,..., got '{kv}'");
                        string key = kv[..eq].Replace('-', '_');
                        if (key == "seed") throw new UsageException("--matrix seed: use --seeds A-B");
                        var values = kv[(eq + 1)..].Split(',');
                        if (values.Any(v => v.Length == 0)) throw new UsageException($"--matrix {key}: empty value in '{kv}'");
                        foreach (var v in values) baseOpts.WithBootKey(key, v); // validate now, not mid-sweep
                        matrix.Add((key, values));
                        break;
                    }
                case var a when a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2:
                    baseOpts = baseOpts.With(a[2..], Next());
                    break;
                default: throw new UsageException($"unknown argument '{args[i]}'");
            }
        }
        if (first is not { } f || last is not { } l) throw new UsageException("--seeds A-B is required");
        return new SweepPlan { First = f, Last = l, Variants = SweepPlan.Expand(baseOpts, matrix), Jobs = jobs, OutFile = outFile };
    }
}
