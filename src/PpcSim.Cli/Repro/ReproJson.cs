using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PpcSim.Cli.Repro;

/// <summary>One JSON object per run, fields in a fixed order, nothing from the host: the same run gives the same bytes.</summary>
public static class ReproJson
{
    public static string Format(ReproResult r)
    {
        var o = r.Options;
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteNumber("seed", o.Seed);
            w.WriteString("variant", o.Variant);
            w.WriteStartObject("knobs");
            w.WriteString("twa", o.Twa);
            w.WriteString("barrier", o.Barrier);
            w.WriteString("ipi_sync", o.IpiSync);
            w.WriteNumber("udelay_us", o.UdelayUs);
            w.WriteString("fpu_fix", o.FpuFix);
            w.WriteNumber("cores", o.Cores);
            w.WriteNumber("repro_ms", o.DurationMs);
            w.WriteEndObject();
            w.WriteString("workload", "vsr-hold");
            w.WriteBoolean("completed", r.Completed);
            w.WriteString("stop_reason", r.StopReason);
            Num(w, "exit_status", r.ExitStatus is { } es ? (ulong)es : null);
            w.WriteBoolean("corrupted", r.Corrupted);
            w.WriteNull("corrupt_pages");
            Num(w, "user_rounds", r.UserRounds);
            Num(w, "corrupt_rounds", r.CorruptRounds);
            Num(w, "invariant_checks", r.Stat("invariant_checks"));
            Num(w, "invariant_violations", r.Stat("invariant_violations"));
            if (r.FirstCorruptionRegister is { } reg)
            {
                w.WriteStartObject("first_corruption");
                w.WriteString("kind", "register");
                w.WriteString("register", reg);
                w.WriteString("found", string.Join(' ', r.FirstCorruptionFound!.Select(Hex)));
                w.WriteString("expected", string.Join(' ', r.FirstCorruptionExpected!.Select(Hex)));
                w.WriteEndObject();
            }
            else w.WriteNull("first_corruption");
            w.WriteStartArray("chain");
            foreach (var c in r.Chain) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteNumber("sim_cycles", r.SimCycles);
            w.WriteNumber("sim_time_ns", r.SimTimeNs);
            w.WriteNumber("instructions", r.Instructions);
            Num(w, "ipis_sent", r.Stat("ipis_sent"));
            w.WriteNull("ipi_messages_lost");
            w.WriteStartObject("task_work_runs");
            Num(w, "syscall", r.Stat("task_work_syscall"));
            Num(w, "interrupt", r.Stat("task_work_interrupt"));
            w.WriteEndObject();
            Num(w, "task_work_sent", r.Stat("sent"));
            Num(w, "worker_creations", r.Stat("worker_creations"));
            Num(w, "saves_left_live", r.Stat("saves_left_live"));
            w.WriteNull("bytes_written");
            w.WriteString("state_hash", r.StateHash.ToString("x16", CultureInfo.InvariantCulture));
            w.WriteStartArray("unavailable");
            foreach (var u in ReproResult.Unavailable) w.WriteStringValue(u);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static string Hex(ulong v) => "0x" + v.ToString("x16", CultureInfo.InvariantCulture);

    private static void Num(Utf8JsonWriter w, string name, ulong? v)
    {
        if (v is { } x) w.WriteNumber(name, x);
        else w.WriteNull(name);
    }
}
