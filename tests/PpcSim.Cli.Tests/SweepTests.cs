using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using PpcSim.Cli.Repro;
using PpcSim.TestSupport;

namespace PpcSim.Cli.Tests;

/// <summary>The sweep's bookkeeping with a stand-in runner (fast, completion order scrambled on purpose).</summary>
public class SweepTests
{
    private static SweepPlan Plan(ulong first, ulong last, int jobs, string? outFile) => new()
    {
        First = first,
        Last = last,
        Variants = SweepPlan.Expand(new ReproOptions(), [("fpu_fix", ["off", "on"])]),
        Jobs = jobs,
        OutFile = outFile,
    };

    /// <summary>A deterministic fake result; later seeds finish first so commits must reorder.</summary>
    private static string Fake(ReproOptions o)
    {
        Thread.Sleep((int)(12 - o.Seed % 4 * 4));
        bool bad = o.FpuFix == "off" && o.Seed % 3 != 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"seed\":{o.Seed},\"variant\":\"{o.Variant}\",\"completed\":true,\"corrupted\":{(bad ? "true" : "false")},\"corrupt_pages\":{(bad ? 2 : 0)},\"invariant_violations\":{(bad ? 5 : 0)},\"ipis_sent\":{20 + o.Seed},\"ipi_messages_lost\":0,\"task_work_runs\":{{\"syscall\":1,\"interrupt\":4}},\"cycles_per_write\":{1000 + o.Seed},\"write_bytes_per_sim_s\":{50_000_000 + o.Seed}}}");
    }

    private static IReadOnlyList<JsonElement> Sweep(SweepPlan plan, SweepRunner.RunOne run, out string progress)
    {
        using var file = SweepResultsFile.Open(plan.OutFile!);
        var sw = new StringWriter();
        var results = SweepRunner.Run(plan, file, run, sw, terminal: false);
        progress = sw.ToString();
        SweepReport.Build(plan, results).WriteFiles(plan.OutFile!);
        return results;
    }

    private static string[] Files(string jsonl) =>
        [.. new[] { jsonl, Path.ChangeExtension(jsonl, ".md"), Path.ChangeExtension(jsonl, ".csv"), Path.ChangeExtension(jsonl, ".svg") }.Select(File.ReadAllText)];

    [Fact]
    public void JobsDoNotChangeAnyOutputFile()
    {
        var dir = Tools.TempDir("sweep");
        string a = Path.Combine(dir, "j1.jsonl"), b = Path.Combine(dir, "j4.jsonl");
        Sweep(Plan(1, 8, 1, a), Fake, out _);
        Sweep(Plan(1, 8, 4, b), Fake, out _);
        Assert.Equal(Files(a), Files(b));
        var lines = File.ReadAllLines(a);
        Assert.Equal(16, lines.Length);
        Assert.StartsWith("{\"seed\":1,", lines[0]);
        Assert.Contains("fpu_fix=on", lines[1]);
        Assert.StartsWith("{\"seed\":8,", lines[15]);
    }

    [Fact]
    public void RerunSkipsWhatIsDoneAndEndsWithTheSameFile()
    {
        var dir = Tools.TempDir("sweep");
        string fresh = Path.Combine(dir, "fresh.jsonl"), resumed = Path.Combine(dir, "resumed.jsonl");
        Sweep(Plan(1, 5, 2, fresh), Fake, out _);
        Sweep(Plan(1, 3, 2, resumed), Fake, out _);
        int calls = 0;
        var seen = new List<ulong>();
        var results = Sweep(Plan(1, 5, 2, resumed), o => { Interlocked.Increment(ref calls); lock (seen) seen.Add(o.Seed); return Fake(o); }, out _);
        Assert.Equal(4, calls);
        Assert.All(seen, s => Assert.True(s >= 4));
        Assert.Equal(10, results.Count);
        Assert.Equal(Files(fresh), Files(resumed));
        // Nothing left to do: no run at all.
        Sweep(Plan(1, 5, 2, resumed), o => throw new InvalidOperationException("nothing should run"), out var progress);
        Assert.Equal("", progress);
    }

    [Fact]
    public void PartialLastLineIsDroppedAndRedone()
    {
        var dir = Tools.TempDir("sweep");
        string path = Path.Combine(dir, "cut.jsonl");
        Sweep(Plan(1, 3, 1, path), Fake, out _);
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..^25]); // killed in the middle of writing the last line
        using (var f = SweepResultsFile.Open(path))
        {
            Assert.Equal(whole.Length - 25 - (Array.LastIndexOf(whole[..^25], (byte)'\n') + 1), f.TruncatedBytes);
            Assert.Equal(5, f.Done.Count);
        }
        int calls = 0;
        Sweep(Plan(1, 3, 2, path), o => { Interlocked.Increment(ref calls); return Fake(o); }, out _);
        Assert.Equal(1, calls);
        Assert.Equal(whole, File.ReadAllBytes(path));
    }

    [Fact]
    public void AGarbageLineIsSkippedNotFatal()
    {
        var dir = Tools.TempDir("sweep");
        string path = Path.Combine(dir, "junk.jsonl");
        File.WriteAllText(path, "not json at all\n{\"seed\":\"x\"}\n\n");
        using var f = SweepResultsFile.Open(path);
        Assert.Equal(2, f.BadLines);
        Assert.Empty(f.Done);
    }

    [Fact]
    public void PlainProgressLinesWhenNotATerminal()
    {
        var dir = Tools.TempDir("sweep");
        Sweep(Plan(1, 10, 2, Path.Combine(dir, "p.jsonl")), Fake, out var progress);
        Assert.DoesNotContain('\r', progress);
        var lines = progress.TrimEnd('\n').Split('\n');
        Assert.InRange(lines.Length, 2, 11);
        Assert.StartsWith("sweep: 20/20 runs (100%), ", lines[^1]);
    }

    [Fact]
    public void TableHasRatesIntervalsAndCosts()
    {
        var dir = Tools.TempDir("sweep");
        string path = Path.Combine(dir, "t.jsonl");
        var plan = Plan(1, 9, 1, path);
        var report = SweepReport.Build(plan, Sweep(plan, Fake, out _));
        var off = report.Rows[0];
        Assert.Equal("fpu_fix=off", off.Label);
        Assert.Equal(9, off.Completed);
        Assert.Equal(6, off.Corrupted); // seeds not divisible by 3
        Assert.Equal(Wilson.Interval(6, 9), (off.WilsonLow, off.WilsonHigh));
        Assert.Equal(30, off.InvariantViolations);
        Assert.Equal(1005.0, off.CyclesPerWrite);
        Assert.Equal(0L, report.Rows[1].Corrupted);
        string md = File.ReadAllText(Path.ChangeExtension(path, ".md"));
        Assert.Contains("| `fpu_fix=off` | 9 | 6 | 66.7% | [35.4%, 87.9%] | 30 (6) | 50.00 | 1005 | 25.0 | 0 | 0 |", md);
        var csv = File.ReadAllLines(Path.ChangeExtension(path, ".csv"));
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("variant,runs,incomplete,corrupted,rate,wilson95_low,wilson95_high,", csv[0]);
        var svg = XDocument.Parse(File.ReadAllText(Path.ChangeExtension(path, ".svg")));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.Equal(2, svg.Descendants().Count(e => e.Name.LocalName == "circle"));
    }

    [Fact]
    public void LabelsNameOnlyTheKnobsThatVary()
    {
        var variants = SweepPlan.Expand(new ReproOptions(), [("twa", ["signal", "noipi"]), ("udelay_us", ["0", "1000"])]);
        Assert.Equal(["twa=signal,udelay_us=0", "twa=signal,udelay_us=1000", "twa=noipi,udelay_us=0", "twa=noipi,udelay_us=1000"], SweepReport.Labels(variants));
        Assert.Equal(["default"], SweepReport.Labels([new ReproOptions()]));
    }
}
