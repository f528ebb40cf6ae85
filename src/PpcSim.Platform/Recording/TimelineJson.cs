using System.Text.Encodings.Web;
using System.Text.Json;

namespace PpcSim.Platform.Recording;

/// <summary>
/// Writes a recorder's events as JSON lines, ordered by (cycle, core, record order): one object per
/// event with "cycle", "core" and "event" (interrupt, return, msgsnd, dma, call, store) and the
/// fields of its kind. Addresses are hex strings; <c>symbol</c> names an address when a symbolizer
/// is given. A store's <c>visible_at</c> gives, per core, the cycle on that core's clock from
/// which it can read the stored bytes (the storage model's propagation, for stores becoming visible).
/// </summary>
public static class TimelineJson
{
    /// <param name="extra">Events of the same run recorded elsewhere (e.g. watched stores found by a replay), merged in by cycle.</param>
    public static void Write(SystemRecorder recorder, Stream output, Func<ulong, string?>? describe = null, IEnumerable<TimelineEvent>? extra = null)
    {
        var ordered = recorder.Events.Concat(extra ?? []).Select((e, i) => (e, i)).OrderBy(x => x.e.Cycle).ThenBy(x => x.e.Core).ThenBy(x => x.i).Select(x => x.e);
        var opts = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var nl = "\n"u8.ToArray();
        foreach (var e in ordered)
        {
            using (var w = new Utf8JsonWriter(output, opts)) WriteEvent(w, e, describe);
            output.Write(nl);
        }
    }

    private static string Hex(ulong v) => "0x" + v.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteEvent(Utf8JsonWriter w, TimelineEvent e, Func<ulong, string?>? describe)
    {
        w.WriteStartObject();
        w.WriteNumber("cycle", e.Cycle);
        w.WriteNumber("core", e.Core);
        void Pc(string name, ulong pc)
        {
            w.WriteString(name, Hex(pc));
            if (describe?.Invoke(pc) is { } s) w.WriteString(name + "_symbol", s);
        }
        switch (e.Kind)
        {
            case TimelineEventKind.Interrupt:
                w.WriteString("event", "interrupt");
                w.WriteString("kind", e.Interrupt.ToString());
                w.WriteString("vector", Hex((ulong)e.Interrupt));
                Pc("pc", e.Pc);
                w.WriteString("msr", Hex(e.Msr));
                Bits(w, e.Msr);
                break;
            case TimelineEventKind.Return:
                w.WriteString("event", "return");
                w.WriteBoolean("to_user", e.ToUser);
                Pc("pc", e.Pc);
                w.WriteString("msr", Hex(e.Msr));
                Bits(w, e.Msr);
                break;
            case TimelineEventKind.DoorbellSent:
                w.WriteString("event", e.Doorbell == Core.DoorbellKind.Hypervisor ? "msgsnd" : "msgsndp");
                Pc("pc", e.Pc);
                w.WriteNumber("target_pir", e.TargetPir);
                w.WriteNumber("target_core", e.TargetCore);
                w.WriteNumber("delivery_cycle", e.DeliveryCycle);
                break;
            case TimelineEventKind.BlockDma:
                w.WriteString("event", "dma");
                w.WriteString("direction", e.DiskWrite ? "memory_to_disk" : "disk_to_memory");
                w.WriteNumber("sector", e.Sector);
                w.WriteString("pa", Hex(e.PhysicalAddress));
                w.WriteNumber("length", e.Length);
                break;
            case TimelineEventKind.SymbolHit:
                w.WriteString("event", "call");
                w.WriteString("symbol", e.Symbol);
                w.WriteString("pc", Hex(e.Pc));
                w.WriteString("msr", Hex(e.Msr));
                break;
            case TimelineEventKind.Store:
                w.WriteString("event", "store");
                Pc("pc", e.Pc);
                w.WriteString("insn", e.Instruction);
                w.WriteString("ea", Hex(e.EffectiveAddress));
                w.WriteString("pa", Hex(e.PhysicalAddress));
                w.WriteNumber("size", e.Length);
                w.WriteString("value", Hex(e.Value));
                if (e.Register != null) w.WriteString("reg", e.Register);
                if (e.Register != null) w.WriteString("reg_value", e.Vsr >= 0 ? $"{Hex(e.RegisterValue.Dw0)} {Hex(e.RegisterValue.Dw1)}" : Hex(e.RegisterValue.Dw0));
                if (e.VisibleAt is { } vis)
                {
                    w.WriteStartArray("visible_at");
                    foreach (ulong v in vis) w.WriteNumberValue(v);
                    w.WriteEndArray();
                }
                if (e.Writer is { } wr)
                {
                    w.WriteStartObject("reg_writer");
                    w.WriteNumber("core", wr.Core);
                    w.WriteNumber("cycle", wr.Cycle);
                    Pc("pc", wr.Pc);
                    w.WriteString("insn", wr.Text);
                    w.WriteEndObject();
                }
                break;
        }
        w.WriteEndObject();
    }

    private static void Bits(Utf8JsonWriter w, ulong msr)
    {
        w.WriteBoolean("pr", (msr & Core.Msr.PR) != 0);
        w.WriteBoolean("fp", (msr & Core.Msr.FP) != 0);
        w.WriteBoolean("vec", (msr & Core.Msr.VEC) != 0);
        w.WriteBoolean("vsx", (msr & Core.Msr.VSX) != 0);
    }
}
