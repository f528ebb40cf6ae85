using System.Globalization;
using PpcSim.Core;

namespace PpcSim.Platform.Recording;

/// <summary>
/// The explanation of one bad store, built only from a <see cref="SystemRecorder"/>'s record:
/// the store that wrote the bytes, the instruction that last wrote its source register (the
/// clobber), the interrupt whose handling ran the clobber, the return from it that resumed the
/// storing code with the MSR's math bits still set, the probed functions in between, and the
/// doorbell that raised the interrupt. A step the record cannot establish is reported as such,
/// never assumed.
/// </summary>
public sealed class CorruptionChain
{
    /// <summary>Functions that reload math state; one running between the clobber and the return would matter.</summary>
    public static readonly string[] RestoreFunctions = ["restore_math", "load_up_fpu", "load_up_altivec", "load_up_vsx", "load_fp_state", "load_vr_state"];

    private const ulong MathBits = Msr.FP | Msr.VEC | Msr.VSX;

    public TimelineEvent? Store { get; private init; }
    public RegisterWriter? Clobber { get; private init; }
    public TimelineEvent? Interrupt { get; private init; }
    public TimelineEvent? Return { get; private init; }
    public TimelineEvent? Doorbell { get; private init; }
    /// <summary>Probed functions entered on the storing thread between the interrupt and the clobber, in order.</summary>
    public IReadOnlyList<TimelineEvent> ExitPath { get; private init; } = [];
    /// <summary>Restore functions entered between the clobber and the return (empty: restore_math was skipped).</summary>
    public IReadOnlyList<TimelineEvent> Restores { get; private init; } = [];
    /// <summary>One line per step, in causal order from the store back to the IPI.</summary>
    public IReadOnlyList<string> Lines { get; private init; } = [];

    /// <summary>The last recorded store overlapping [pa, pa+length) at or before <paramref name="beforeCycle"/>.</summary>
    public static TimelineEvent? FindStore(SystemRecorder r, ulong pa, ulong length, ulong beforeCycle = ulong.MaxValue)
    {
        TimelineEvent? best = null;
        foreach (var e in r.Events)
        {
            if (e.Kind != TimelineEventKind.Store || e.Cycle > beforeCycle) continue;
            if (e.PhysicalAddress >= pa + length || e.PhysicalAddress + e.Length <= pa) continue;
            if (best == null || e.Cycle >= best.Cycle) best = e;
        }
        return best;
    }

    /// <param name="describe">Names an address (symbol+offset), for the text.</param>
    public static CorruptionChain Build(SystemRecorder r, TimelineEvent? store, Func<ulong, string> describe)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>();
        if (store == null)
        {
            lines.Add("store: no recorded store to the watched bytes (written by DMA or before recording began?)");
            return new CorruptionChain { Lines = lines };
        }
        int core = store.Core;
        string reg = store.Register ?? "?";
        lines.Add(string.Create(inv,
            $"store: core {core} at cycle {store.Cycle}: {describe(store.Pc)} (0x{store.Pc:x}) `{store.Instruction}` wrote 0x{store.Value:x16} ({store.Length} bytes) to real address 0x{store.PhysicalAddress:x}; {reg} = 0x{store.RegisterValue.Dw0:x16} 0x{store.RegisterValue.Dw1:x16} ({State(store.Msr)})"));

        var clobber = store.Writer;
        if (store.Vsr < 0)
            lines.Add($"clobber: cannot establish: the source register {reg} is not a VSR (provenance tracks VSRs only)");
        else if (clobber is not { } w)
            lines.Add($"clobber: cannot establish: no write to {reg} recorded before the store (register provenance off, or written before recording began)");
        else
            lines.Add(string.Create(inv,
                $"clobber: {reg} was last written on core {w.Core} at cycle {w.Cycle} by {describe(w.Pc)} (0x{w.Pc:x}) `{w.Text}` ({State(w.Msr)}); nothing wrote {reg} again before the store"));

        var ev = r.Events;
        TimelineEvent? ret = null, intr = null;
        if (clobber is { } cw)
        {
            bool storeUser = (store.Msr & Msr.PR) != 0;
            foreach (var e in ev)
                if (e.Kind == TimelineEventKind.Return && e.Core == core && e.Cycle > cw.Cycle && e.Cycle <= store.Cycle
                    && ((e.Msr & Msr.PR) != 0) == storeUser) { ret = e; break; }
            // The interrupt that the return resumed from: the last one on this thread before the
            // clobber whose interrupted pc is where the return landed.
            foreach (var e in ev)
            {
                if (e.Kind != TimelineEventKind.Interrupt || e.Core != core || e.Cycle > cw.Cycle) continue;
                if (ret != null && e.Pc == ret.Pc && ((e.Msr & Msr.PR) != 0) == storeUser) intr = e;
            }
        }
        if (intr is { } i)
            lines.Add(string.Create(inv,
                $"interrupt: core {core} took {i.Interrupt} (0x{(int)i.Interrupt:x}) at cycle {i.Cycle}, interrupting {describe(i.Pc)} (0x{i.Pc:x}) with MSR 0x{i.Msr:x} ({State(i.Msr)}, {MathText(i.Msr)})"));
        else
            lines.Add(clobber == null ? "interrupt: cannot establish without the clobber"
                : ret == null ? "interrupt: cannot establish: no return from an interrupt between the clobber and the store"
                : "interrupt: cannot establish: no interrupt before the clobber interrupted the pc the return landed at");

        var path = new List<TimelineEvent>();
        var restores = new List<TimelineEvent>();
        if (intr != null && clobber is { } c2)
        {
            foreach (var e in ev)
            {
                if (e.Kind != TimelineEventKind.SymbolHit || e.Core != core) continue;
                if (e.Cycle >= intr.Cycle && e.Cycle <= c2.Cycle) path.Add(e);
                if (ret != null && e.Cycle > c2.Cycle && e.Cycle <= ret.Cycle && RestoreFunctions.Contains(e.Symbol)) restores.Add(e);
            }
            if (path.Count > 0)
                lines.Add(string.Create(inv, $"exit path: between the interrupt and the clobber core {core} entered {string.Join(" -> ", path.Select(p => p.Symbol).Distinct())} (cycles {path[0].Cycle}..{path[^1].Cycle})"));
            else
                lines.Add("exit path: cannot establish: no probed function entered between the interrupt and the clobber");
        }
        else lines.Add("exit path: cannot establish without the interrupt");

        if (ret != null && clobber != null)
        {
            string skipped = restores.Count == 0
                ? r.Symbols.Values.Any(s => RestoreFunctions.Contains(s))
                    ? "no restore function (" + string.Join(", ", RestoreFunctions.Where(s => r.Symbols.Values.Contains(s))) + ") ran between the clobber and the return: restore_math was skipped"
                    : "restore functions were not probed"
                : "restore function(s) entered in between: " + string.Join(", ", restores.Select(x => string.Create(inv, $"{x.Symbol}@{x.Cycle}"))) + $", yet {reg} kept the clobbered value";
            lines.Add(string.Create(inv,
                $"return: core {core} returned at cycle {ret.Cycle} to {describe(ret.Pc)} (0x{ret.Pc:x}) with MSR 0x{ret.Msr:x} ({State(ret.Msr)}, {MathText(ret.Msr)}); {skipped}"));
        }
        else lines.Add("return: cannot establish: no return from an interrupt between the clobber and the store");

        TimelineEvent? bell = null;
        if (intr != null && intr.Interrupt is Core.Interrupt.DirectedHypervisorDoorbell or Core.Interrupt.DirectedPrivilegedDoorbell)
        {
            var kind = intr.Interrupt == Core.Interrupt.DirectedHypervisorDoorbell ? DoorbellKind.Hypervisor : DoorbellKind.Privileged;
            foreach (var e in ev)
                if (e.Kind == TimelineEventKind.DoorbellSent && e.TargetCore == core && e.Doorbell == kind && e.DeliveryCycle <= intr.Cycle
                    && (bell == null || e.DeliveryCycle >= bell.DeliveryCycle)) bell = e;
            if (bell != null)
            {
                var before = ev.Where(e => e.Kind == TimelineEventKind.SymbolHit && e.Core == bell.Core && e.Cycle <= bell.Cycle && e.Cycle + 200_000 >= bell.Cycle)
                    .Select(e => e.Symbol!).ToList();
                // Repeated entries (a retried wake-up) say nothing more: collapse runs of one name.
                before = before.Where((s, k) => k == 0 || before[k - 1] != s).ToList();
                var recent = before.Skip(Math.Max(0, before.Count - 6)).ToList();
                string senderPath = recent.Count > 0 ? "; sender path: " + string.Join(" -> ", recent) : "";
                lines.Add(string.Create(inv,
                    $"ipi: core {bell.Core} sent {(kind == DoorbellKind.Hypervisor ? "msgsnd" : "msgsndp")} to PIR {bell.TargetPir} at cycle {bell.Cycle} from {describe(bell.Pc)} (0x{bell.Pc:x}), delivered at cycle {bell.DeliveryCycle}, taken at cycle {intr.Cycle}") + senderPath);
            }
            else lines.Add("ipi: cannot establish: no recorded doorbell to this thread delivered before the interrupt");
        }
        else if (intr != null)
            lines.Add($"ipi: none: the interrupt was {intr.Interrupt}, not a doorbell");
        else
            lines.Add("ipi: cannot establish without the interrupt");

        return new CorruptionChain { Store = store, Clobber = clobber, Interrupt = intr, Return = ret, Doorbell = bell, ExitPath = path, Restores = restores, Lines = lines };
    }

    private static string State(ulong msr) => (msr & Msr.PR) != 0 ? "problem state" : (msr & Msr.HV) != 0 ? "hypervisor state" : "supervisor state";

    private static string MathText(ulong msr)
    {
        var bits = new List<string>();
        if ((msr & Msr.FP) != 0) bits.Add("FP");
        if ((msr & Msr.VEC) != 0) bits.Add("VEC");
        if ((msr & Msr.VSX) != 0) bits.Add("VSX");
        return bits.Count == 0 ? "no math bits" : string.Join("|", bits) + ((msr & MathBits) == MathBits ? " all set" : " set");
    }
}
