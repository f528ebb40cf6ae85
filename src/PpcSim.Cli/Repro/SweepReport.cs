using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PpcSim.Cli.Repro;

/// <summary>
/// The sweep's per-variant table as plain text (stdout), Markdown, CSV and an SVG plot. Every
/// figure comes from the JSONL results, so the files depend only on the plan and the runs.
/// </summary>
public sealed class SweepReport
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public required SweepPlan Plan { get; init; }
    public required IReadOnlyList<SweepRow> Rows { get; init; }

    public static SweepReport Build(SweepPlan plan, IReadOnlyList<JsonElement> results)
    {
        var byVariant = results.GroupBy(e => e.GetProperty("variant").GetString()!).ToDictionary(g => g.Key, g => g.ToList());
        var labels = Labels(plan.Variants);
        var rows = plan.Variants.Select((v, i) => SweepRow.Aggregate(v.Variant, labels[i],
            byVariant.TryGetValue(v.Variant, out var l) ? l.OrderBy(e => e.GetProperty("seed").GetUInt64()).ToList() : [])).ToList();
        return new SweepReport { Plan = plan, Rows = rows };
    }

    /// <summary>Each variant named by the knobs that differ across the sweep ("key=value,..."), or "default".</summary>
    public static IReadOnlyList<string> Labels(IReadOnlyList<ReproOptions> variants)
    {
        var parsed = variants.Select(v => v.Variant.Split(',').Select(kv => kv.Split('=', 2)).ToList()).ToList();
        var keys = parsed.SelectMany(p => p.Select(kv => kv[0])).Distinct().ToList();
        string? Value(List<string[]> p, string key) => p.FirstOrDefault(kv => kv[0] == key)?[1];
        var varying = keys.Where(k => parsed.Select(p => Value(p, k)).Distinct().Count() > 1).ToList();
        return parsed.Select(p => varying.Count == 0 ? "default" : string.Join(",", varying.Select(k => $"{k}={Value(p, k) ?? "-"}"))).ToList();
    }

    private static readonly string[] s_columns =
        ["variant", "runs", "incomplete", "corrupted", "rate", "wilson95_low", "wilson95_high", "corrupt_pages",
         "invariant_violations", "runs_with_violations", "write_MBps_sim", "cycles_per_write", "ipis_per_run",
         "ipi_messages_lost", "task_work_interrupt", "task_work_syscall"];

    private static string[] Cells(SweepRow r, bool full) =>
    [
        full ? r.Variant : r.Label, N(r.Runs), N(r.Incomplete), N(r.Corrupted), F(r.Rate, 4), F(r.WilsonLow, 4), F(r.WilsonHigh, 4),
        N(r.CorruptPages), N(r.InvariantViolations), N(r.RunsWithViolations), F(r.WriteBytesPerSimSecond / 1e6, 2),
        F(r.CyclesPerWrite, 0), F(r.IpisPerRun, 1), F(r.IpiMessagesLost, 0), N(r.TaskWorkInterrupt), N(r.TaskWorkSyscall),
    ];

    public string Text()
    {
        var sb = new StringBuilder();
        sb.Append(string.Create(s_inv, $"sweep: seeds {Plan.First}-{Plan.Last}, {Plan.Variants.Count} variants\n"));
        int lw = Math.Max(8, Rows.Max(r => r.Label.Length));
        sb.Append(string.Create(s_inv,
            $"{"variant".PadRight(lw)} {"runs",5} {"corrupt",7} {"rate",6} {"95% Wilson",15} {"inv.viol",9} {"MB/s sim",9} {"cyc/write",10} {"IPIs/run",9} {"lost",5} {"incompl",7}\n"));
        foreach (var r in Rows)
            sb.Append(string.Create(s_inv,
                $"{r.Label.PadRight(lw)} {r.Completed,5} {r.Corrupted,7} {Pct(r.Rate),6} {$"[{Pct(r.WilsonLow)}, {Pct(r.WilsonHigh)}]",15} {r.InvariantViolations,9} {Dash(F(r.WriteBytesPerSimSecond / 1e6, 2)),9} {Dash(F(r.CyclesPerWrite, 0)),10} {Dash(F(r.IpisPerRun, 1)),9} {Dash(F(r.IpiMessagesLost, 0)),5} {r.Incomplete,7}\n"));
        return sb.ToString();
    }

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append(string.Create(s_inv, $"# ppcsim sweep: seeds {Plan.First}-{Plan.Last}\n\n"));
        sb.Append("Corruption rate over completed runs with its 95% Wilson score interval; figures per variant, runs in seed order.\n\n");
        sb.Append("| variant | runs | corrupted | rate | 95% Wilson | invariant violations (runs) | write MB/s (sim) | cycles/write | IPIs/run | lost IPI msgs | incomplete |\n");
        sb.Append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in Rows)
            sb.Append(string.Create(s_inv,
                $"| `{r.Label}` | {r.Completed} | {r.Corrupted} | {Pct(r.Rate)} | [{Pct(r.WilsonLow)}, {Pct(r.WilsonHigh)}] | {r.InvariantViolations} ({r.RunsWithViolations}) | {Dash(F(r.WriteBytesPerSimSecond / 1e6, 2))} | {Dash(F(r.CyclesPerWrite, 0))} | {Dash(F(r.IpisPerRun, 1))} | {Dash(F(r.IpiMessagesLost, 0))} | {r.Incomplete} |\n"));
        sb.Append("\nFull variant names:\n\n");
        foreach (var r in Rows) sb.Append($"- `{r.Label}`: `{r.Variant}`\n");
        return sb.ToString();
    }

    public string Csv()
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", s_columns)).Append('\n');
        foreach (var r in Rows) sb.Append(string.Join(",", Cells(r, full: true).Select(CsvField))).Append('\n');
        return sb.ToString();
    }

    /// <summary>Corruption rate per variant, a dot at the rate and whiskers over the 95% Wilson interval.</summary>
    public string Svg()
    {
        const int left = 20, plotW = 520, rowH = 26, top = 56;
        int labelW = Math.Max(160, 7 * Rows.Max(r => r.Label.Length) + 16);
        int x0 = left + labelW, width = x0 + plotW + 150, height = top + rowH * Rows.Count + 40;
        double X(double p) => x0 + p * plotW;
        var sb = new StringBuilder();
        sb.Append(string.Create(s_inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"monospace\" font-size=\"12\">\n"));
        sb.Append(string.Create(s_inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        sb.Append(string.Create(s_inv, $"<text x=\"{left}\" y=\"20\" font-size=\"14\">Corruption rate per variant, seeds {Plan.First}-{Plan.Last} (95% Wilson interval)</text>\n"));
        int axisY = top + rowH * Rows.Count;
        for (int t = 0; t <= 10; t++)
        {
            double x = X(t / 10.0);
            sb.Append(string.Create(s_inv, $"<line x1=\"{x:F1}\" y1=\"{top - 8}\" x2=\"{x:F1}\" y2=\"{axisY}\" stroke=\"#ddd\"/>\n"));
            sb.Append(string.Create(s_inv, $"<text x=\"{x:F1}\" y=\"{axisY + 16}\" text-anchor=\"middle\">{t * 10}%</text>\n"));
        }
        sb.Append(string.Create(s_inv, $"<line x1=\"{x0}\" y1=\"{axisY}\" x2=\"{x0 + plotW}\" y2=\"{axisY}\" stroke=\"black\"/>\n"));
        for (int i = 0; i < Rows.Count; i++)
        {
            var r = Rows[i];
            double y = top + rowH * i + rowH / 2.0;
            string colour = r.Corrupted > 0 ? "#c0392b" : "#2471a3";
            sb.Append(string.Create(s_inv, $"<text x=\"{x0 - 8}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{Xml(r.Label)}</text>\n"));
            if (r.Completed == 0) continue;
            double lo = X(r.WilsonLow), hi = X(r.WilsonHigh);
            sb.Append(string.Create(s_inv, $"<line x1=\"{lo:F1}\" y1=\"{y:F1}\" x2=\"{hi:F1}\" y2=\"{y:F1}\" stroke=\"{colour}\" stroke-width=\"2\"/>\n"));
            sb.Append(string.Create(s_inv, $"<line x1=\"{lo:F1}\" y1=\"{y - 6:F1}\" x2=\"{lo:F1}\" y2=\"{y + 6:F1}\" stroke=\"{colour}\" stroke-width=\"2\"/>\n"));
            sb.Append(string.Create(s_inv, $"<line x1=\"{hi:F1}\" y1=\"{y - 6:F1}\" x2=\"{hi:F1}\" y2=\"{y + 6:F1}\" stroke=\"{colour}\" stroke-width=\"2\"/>\n"));
            sb.Append(string.Create(s_inv, $"<circle cx=\"{X(r.Rate):F1}\" cy=\"{y:F1}\" r=\"4.5\" fill=\"{colour}\"><title>{Xml(r.Variant)}: {r.Corrupted}/{r.Completed}</title></circle>\n"));
            sb.Append(string.Create(s_inv, $"<text x=\"{x0 + plotW + 10}\" y=\"{y + 4:F1}\">{r.Corrupted}/{r.Completed} {Pct(r.Rate)}</text>\n"));
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>Writes FILE.md, FILE.csv and FILE.svg next to the JSONL file (same name, other extension).</summary>
    public IReadOnlyList<string> WriteFiles(string jsonlPath)
    {
        var written = new List<string>();
        foreach (var (ext, text) in new[] { (".md", Markdown()), (".csv", Csv()), (".svg", Svg()) })
        {
            string p = Path.ChangeExtension(jsonlPath, ext);
            File.WriteAllText(p, text, new UTF8Encoding(false));
            written.Add(p);
        }
        return written;
    }

    private static string Dash(string s) => s.Length == 0 ? "-" : s;
    private static string N(long v) => v.ToString(s_inv);
    private static string F(double? v, int digits) => v is { } x ? x.ToString("F" + digits.ToString(s_inv), s_inv) : "";
    private static string Pct(double p) => (100 * p).ToString("F1", s_inv) + "%";
    private static string CsvField(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    private static string Xml(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
