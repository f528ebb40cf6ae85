using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PpcSim.Cli.Repro;

/// <summary>
/// One JSON object per run, fields in a fixed order, nothing from the host: the same run gives the
/// same bytes. 64-bit data words are hex strings ("0x" + 16 digits), counts are numbers, a figure
/// the run could not produce is null.
/// </summary>
public static class ReproJson
{
    /// <summary>Corrupt pages listed by number in "corrupt_page_list" (the count is always complete).</summary>
    public const int ListedPages = 16;

    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(ReproResult r)
    {
        var o = r.Options;
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, s_options))
        {
            w.WriteStartObject();
            Head(w, o);
            w.WriteBoolean("completed", r.Completed);
            w.WriteString("stop_reason", r.StopReason);
            w.WriteString("diagnosis", r.Diagnosis);
            Num(w, "exit_status", r.ExitStatus is { } es ? (ulong)es : null);
            w.WriteBoolean("corrupted", r.Corrupted);
            w.WriteString("corruption_source", r.CorruptionSource);
            Num(w, "corrupt_pages", r.CorruptPages);
            Num(w, "kernel_corrupt_pages", r.Stat("corrupt_pages"));
            Num(w, "invariant_checks", r.Stat("invariant_checks"));
            Num(w, "invariant_violations", r.Stat("invariant_violations"));
            if (r.Disk?.First is { } f)
            {
                w.WriteStartObject("first_corruption");
                w.WriteNumber("page", f.Page);
                w.WriteNumber("offset", f.Offset);
                w.WriteNumber("disk_offset", f.DiskOffset);
                w.WriteString("expected", Hex(f.Expected));
                w.WriteString("found", Hex(f.Found));
                w.WriteNumber("bad_words", f.BadWords);
                w.WriteBoolean("checksum_consistent", f.ChecksumConsistent);
                w.WriteNumber("found_generation", f.FoundGeneration);
                w.WriteString("kind", f.Kind);
                w.WriteEndObject();
            }
            else w.WriteNull("first_corruption");
            w.WriteStartArray("corrupt_page_list");
            foreach (var c in (r.Disk?.Corruptions ?? []).Take(ListedPages)) w.WriteNumberValue(c.Page);
            w.WriteEndArray();
            w.WriteStartObject("disk");
            w.WriteBoolean("verified", r.Disk != null);
            Num(w, "pages", r.Disk?.Pages);
            Num(w, "rounds", r.Disk?.Rounds);
            w.WriteBoolean("partial", r.Disk?.Partial ?? false);
            w.WriteString("unverified_reason", r.DiskUnverifiedReason);
            w.WriteEndObject();
            w.WriteStartArray("kernel_corruptions");
            foreach (var k in r.Kernel.CorruptPages)
            {
                w.WriteStartObject();
                w.WriteNumber("page", k.Page);
                w.WriteNumber("offset", k.Offset);
                w.WriteString("expected", Hex(k.Expected));
                w.WriteString("found", Hex(k.Found));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Strings(w, "disagreements", r.Disagreements);
            w.WriteNumber("sim_cycles", r.SimCycles);
            w.WriteNumber("sim_time_ns", r.SimTimeNs);
            w.WriteNumber("instructions", r.Instructions);
            Num(w, "ipis_sent", r.Stat("ipis_sent"));
            Num(w, "ipi_messages_lost", r.Stat("ipi_messages_lost"));
            w.WriteNumber("doorbells_sent", r.DoorbellsSent);
            w.WriteNumber("ipi_messages_late", r.IpiMessagesLate);
            w.WriteNumber("ipi_late_cycles", r.IpiLateCycles);
            w.WriteStartObject("task_work_runs");
            Num(w, "syscall", r.Stat("task_work_syscall"));
            Num(w, "interrupt", r.Stat("task_work_interrupt"));
            w.WriteEndObject();
            Num(w, "task_work_sent", r.Stat("sent"));
            Num(w, "worker_creations", r.Stat("worker_creations"));
            Num(w, "writes_submitted", r.Stat("writes_submitted"));
            Num(w, "writes_completed", r.Stat("writes_completed"));
            Num(w, "bytes_written", r.Stat("bytes_written"));
            w.WriteNumber("device_completions", r.DeviceCompletions);
            Num(w, "repro_us", r.Stat("repro_us"));
            Num(w, "cycles_per_write", r.CyclesPerWrite);
            Num(w, "write_bytes_per_sim_s", r.WriteBytesPerSimSecond);
            w.WriteStartObject("kernel_stats");
            foreach (var (k, v) in r.Kernel.Stats)
            {
                if (ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) w.WriteNumber(k, n);
                else w.WriteString(k, v);
            }
            w.WriteEndObject();
            Strings(w, "chain", r.Kernel.Chain);
            Strings(w, "sim_chain", r.SimulatorChain);
            w.WriteString("state_hash", r.StateHash.ToString("x16", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>The line a sweep records for a run that ended in a host exception (a simulator bug): it counts as incomplete, not as clean.</summary>
    public static string FormatFailure(ReproOptions o, string error)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, s_options))
        {
            w.WriteStartObject();
            Head(w, o);
            w.WriteBoolean("completed", false);
            w.WriteString("stop_reason", "HostException");
            w.WriteString("diagnosis", error);
            w.WriteBoolean("corrupted", false);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void Head(Utf8JsonWriter w, ReproOptions o)
    {
        w.WriteNumber("seed", o.Seed);
        w.WriteString("variant", o.Variant);
        w.WriteStartObject("knobs");
        w.WriteString("twa", o.Twa);
        w.WriteString("barrier", o.Barrier);
        w.WriteString("ipi_sync", o.IpiSync);
        w.WriteNumber("udelay_us", o.UdelayUs);
        w.WriteString("fpu_fix", o.FpuFix);
        w.WriteNumber("cores", o.Cores);
        if (o.DurationMs is { } ms) w.WriteNumber("repro_ms", ms);
        else w.WriteString("repro_ms", "auto");
        w.WriteString("model", o.Model);
        w.WriteNumber("ipi_latency", o.IpiLatencyCycles);
        foreach (var (k, v) in o.Extra) w.WriteString(k, v);
        w.WriteEndObject();
    }

    public static string Hex(ulong v) => "0x" + v.ToString("x16", CultureInfo.InvariantCulture);

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> items)
    {
        w.WriteStartArray(name);
        foreach (var s in items) w.WriteStringValue(s);
        w.WriteEndArray();
    }

    private static void Num(Utf8JsonWriter w, string name, ulong? v)
    {
        if (v is { } x) w.WriteNumber(name, x);
        else w.WriteNull(name);
    }
}
