using System.Text.Json;

namespace PpcSim.Cli.Repro;

/// <summary>
/// Runs a <see cref="SweepPlan"/>: every (seed, variant) not already in the results file, on
/// <see cref="SweepPlan.Jobs"/> host threads (one whole simulation per thread; a simulation never
/// spans threads). Finished runs are committed in plan order - a run is appended once every
/// earlier one is - so the file's bytes do not depend on the number of jobs or on timing.
/// </summary>
public static class SweepRunner
{
    /// <summary>Runs one variant+seed and returns its JSON line (the real one: <see cref="RunRepro"/>).</summary>
    public delegate string RunOne(ReproOptions options);

    public static string RunRepro(ReproOptions o)
    {
        try
        {
            // No explanation replay in a sweep (it would double the cost of every corrupted run;
            // `ppcsim repro --seed S` explains one run): sim_chain stays empty in sweep lines.
            return ReproJson.Format(ReproRunner.Run(o with { Explain = false, TracePath = null }));
        }
        catch (Exception e) when (e is not UsageException)
        {
            // A host exception is a simulator bug; record it as an incomplete run rather than
            // losing the rest of the sweep. The message (no stack) keeps the line deterministic.
            return ReproJson.FormatFailure(o, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Runs what is missing and returns every result of the plan, in plan order (runs still missing after an error are absent).</summary>
    public static IReadOnlyList<JsonElement> Run(SweepPlan plan, SweepResultsFile file, RunOne runOne, TextWriter progressOut, bool terminal)
    {
        var items = plan.WorkItems().ToList();
        var todo = items.Where(o => !file.Done.ContainsKey((o.Seed, o.Variant))).ToList();
        var fresh = new Dictionary<(ulong, string), JsonElement>();
        if (todo.Count > 0)
        {
            var progress = new SweepProgress(progressOut, terminal, todo.Count);
            var lines = new string?[todo.Count];
            var gate = new object();
            int next = -1, committed = 0;
            Exception? failure = null;
            void Worker()
            {
                while (true)
                {
                    int i = Interlocked.Increment(ref next);
                    if (i >= todo.Count || Volatile.Read(ref failure) != null) return;
                    string line;
                    try
                    {
                        line = runOne(todo[i]);
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref failure, e, null);
                        return;
                    }
                    using var doc = JsonDocument.Parse(line);
                    var root = doc.RootElement.Clone();
                    lock (gate)
                    {
                        lines[i] = line;
                        fresh[(todo[i].Seed, todo[i].Variant)] = root;
                        progress.Completed(root.TryGetProperty("corrupted", out var c) && c.ValueKind == JsonValueKind.True);
                        while (committed < lines.Length && lines[committed] is { } ready)
                        {
                            file.Append(ready);
                            lines[committed++] = null;
                        }
                    }
                }
            }
            var threads = Enumerable.Range(0, Math.Min(plan.Jobs, todo.Count))
                .Select(_ => new Thread(Worker, 16 << 20) { IsBackground = true }).ToList();
            foreach (var t in threads) t.Start();
            foreach (var t in threads) t.Join();
            if (failure != null) throw failure is UsageException ? failure : new InvalidOperationException("a sweep run failed: " + failure.Message, failure);
        }
        var all = new List<JsonElement>(items.Count);
        foreach (var o in items)
            if (file.Done.TryGetValue((o.Seed, o.Variant), out var e) || fresh.TryGetValue((o.Seed, o.Variant), out e))
                all.Add(e);
        return all;
    }
}
