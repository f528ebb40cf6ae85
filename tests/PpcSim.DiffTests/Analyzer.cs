using PpcSim.Core;
using PpcSim.Isa;

namespace PpcSim.DiffTests;

/// <summary>
/// Runs a sequence on PpcSim one instruction at a time and enforces what makes a case valid:
/// every executed op is eligible, no instruction reads a poisoned (undefined) bit, the
/// undefined-result rules are applied to the real operand values, nothing raises an interrupt,
/// r31 stays the scratch pointer, FP exceptions stay disabled and control only moves forward.
/// </summary>
public static class Analyzer
{
    public sealed record Result(string? Rejection, Poison Poison, ArchState Final, List<InsnSpec> Executed);

    private static readonly ulong s_fpscrControl = StateGenerator.FpscrEnables | StateGenerator.FpscrNi | StateGenerator.FpscrRn;

    /// <summary>Analyses a whole case from its initial state in a fresh core; sets nothing on the case.</summary>
    public static Result Analyze(TestCase c)
    {
        var sim = new Sim(c.CodeAddress, Layout.MaxSequenceWords);
        sim.SetState(c.Initial);
        var words = c.Words;
        sim.WriteCode(c.CodeAddress, words);
        var poison = QemuDeviations.Initial();
        var executed = new List<InsnSpec>();
        sim.Cpu.Pc = c.CodeAddress;
        ulong end = c.EndAddress;
        string? why = null;
        while (sim.Cpu.Pc != end && why == null)
            why = Step(sim, poison, c.CodeAddress, end, executed);
        return new Result(why, poison, sim.GetState(), executed);
    }

    /// <summary>Checks and runs the instruction at the PC; null if it was fine, else the reason it is not allowed.</summary>
    public static string? Step(Sim sim, Poison poison, ulong start, ulong end, List<InsnSpec>? executed = null)
    {
        var cpu = sim.Cpu;
        ulong pc = cpu.Pc;
        if (pc < start || pc >= end) return $"pc 0x{pc:x} outside the sequence";
        uint w = sim.ReadCode(pc);
        var spec = IsaTable.Get(Decoder.Instance.Decode(w));
        if (OpCatalog.ExclusionReason(spec) is { } excluded) return $"{spec.Name}: {excluded}";
        if (CheckOperands(spec, w, poison) is { } bad) return $"{spec.Name}: {bad}";
        var newPoison = poison.Clone();
        if (UndefinedRules.Apply(new UndefinedRules.Ctx(spec, w, cpu, newPoison)) is { } undefined) return $"{spec.Name}: {undefined}";
        ulong msr = cpu.Msr, fpscrBefore = cpu.Fpscr;
        if (!sim.Step(out var irq)) return $"{spec.Name}: raised {irq}";
        QemuDeviations.ApplyAfter(new UndefinedRules.Ctx(spec, w, cpu, newPoison), fpscrBefore);
        if ((cpu.Fpscr & (StateGenerator.FpscrEnables | StateGenerator.FpscrNi)) != 0) return $"{spec.Name}: set an FP exception enable or NI";
        if (cpu.Gpr[Layout.BaseGpr] != Layout.ScratchBoundary) return $"{spec.Name}: changed r31";
        if (cpu.Msr != msr) return $"{spec.Name}: changed MSR";
        if (cpu.Pc <= pc || cpu.Pc > end) return $"{spec.Name}: branched to 0x{cpu.Pc:x} (not forward within the sequence)";
        Transfer(spec, w, poison, newPoison);
        newPoison.Mask.Slots.CopyTo(poison.Mask.Slots, 0);
        poison.StaleFpscr = newPoison.StaleFpscr;
        foreach (var r in newPoison.Reasons) if (!poison.Reasons.Contains(r)) poison.Reasons.Add(r);
        executed?.Add(spec);
        return null;
    }

    /// <summary>
    /// Moves of whole status registers copy undefined bits instead of being refused: mffs* copy
    /// the FPSCR into FRT, mcrfs one FPSCR field into a CR field, FP Rc=1 forms FX FEX VX OX into
    /// CR1, mfcr/mfocrf the CR into RT. (Without this, one unreliable FPSCR bit would forbid them all.)
    /// </summary>
    private static void Transfer(InsnSpec spec, uint w, Poison before, Poison after)
    {
        const string why = "copied from undefined bits";
        if (before.StaleFpscr)
        {
            // qemu's translated code may hand these copies an FPSCR from before an xvcmp* (QemuDeviations).
            const string stale = "qemu 7.2 deviation: after an xvcmp* changed the FPSCR, its translated code can copy a stale FPSCR";
            if (spec.Handler.StartsWith("Mffs", StringComparison.Ordinal)) after.Add(ArchState.VsrDw0(Field(w, "frt")), ulong.MaxValue, stale);
            if (spec.Handler == "Mcrfs") after.Add(ArchState.Cr, Loc.CrField(Field(w, "bf")), stale);
            if (IsFpRecord(spec)) after.Add(ArchState.Cr, Loc.CrField(1), stale);
        }
        if (spec.Handler.StartsWith("Mffs", StringComparison.Ordinal))
            after.Add(ArchState.VsrDw0(Field(w, "frt")), before.Mask[ArchState.Fpscr], why + " of the FPSCR");
        else if (spec.Handler == "Mcrfs")
        {
            int bfa = Field(w, "bfa"), bf = Field(w, "bf");
            ulong bits = (before.Mask[ArchState.Fpscr] >> (28 - 4 * bfa)) & 0xf;
            after.Add(ArchState.Cr, bits << (28 - 4 * bf), why + " of the FPSCR");
        }
        else if (spec.Handler is "Mfcr" or "Mfocrf")
            after.Add(ArchState.Gpr(Field(w, "rt")), before.Mask[ArchState.Cr] & 0xffff_ffff, why + " of the CR");
        if (IsFpRecord(spec))
            after.Add(ArchState.Cr, ((after.Mask[ArchState.Fpscr] >> 28) & 0xf) << 24, why + " of the FPSCR (CR1)");
    }

    private static int Field(uint w, string name) => (int)IsaTable.FieldByName(name).Value(w);

    private static bool IsFpRecord(InsnSpec spec) => spec.Name.EndsWith('.') && OpCategory.Float == OpCatalog.Category(spec);

    /// <summary>The status register whose poison this op copies rather than refuses (see <see cref="Transfer"/>).</summary>
    private static int? TransferSource(InsnSpec spec) =>
        spec.Handler.StartsWith("Mffs", StringComparison.Ordinal) || spec.Handler == "Mcrfs" ? ArchState.Fpscr
        : spec.Handler is "Mfcr" or "Mfocrf" ? ArchState.Cr
        : null;

    /// <summary>Register fields and implicit inputs must not touch poison; r31 only as a load/store base.</summary>
    public static string? CheckOperands(InsnSpec spec, uint w, Poison poison)
    {
        // r31 may be read (its value is fixed), never written: a field is written when the table
        // says so; without writes= metadata only a non-update load/store base is known to be safe.
        bool hasWrites = spec.Attr("writes") != null;
        foreach (var name in spec.FieldNames)
        {
            if (!IsaTable.TryGetField(name, out var f)) continue;
            int v = (int)f.Value(w);
            switch (f.Kind)
            {
                case "gpr":
                case "gpr0":
                    if (v == 0 && f.Kind == "gpr0") break;
                    // Even/odd register pairs (lq, stq, lqarx, stqcx.: RTp is an even register, scale=1).
                    for (int r = v; r <= (f.Scale == 1 ? v + 1 : v) && r < 32; r++)
                    {
                        if (r == Layout.BaseGpr && !ReadOnlyField(spec, name, hasWrites)) return "writes r31 (reserved for the scratch pointer)";
                        if (poison.Touches(ArchState.Gpr(r), ulong.MaxValue)) return $"touches undefined bits of r{r}";
                    }
                    break;
                case "fpr":
                    if (poison.Touches(ArchState.VsrDw0(v), ulong.MaxValue)) return $"touches undefined bits of f{v}";
                    break;
                case "vr":
                    if (poison.Touches(ArchState.VsrDw0(32 + v), ulong.MaxValue) || poison.Touches(ArchState.VsrDw1(32 + v), ulong.MaxValue)) return $"touches undefined bits of v{v}";
                    break;
                case "vsr":
                    if (poison.Touches(ArchState.VsrDw0(v), ulong.MaxValue) || poison.Touches(ArchState.VsrDw1(v), ulong.MaxValue)) return $"touches undefined bits of vs{v}";
                    break;
                case "crf":
                    if (spec.Handler == "Mcrfs" && name == "bfa") break; // an FPSCR field, copied (Transfer)
                    if (poison.Touches(ArchState.Cr, Loc.CrField(v & 7))) return $"touches undefined bits of cr{v & 7}";
                    break;
                case "crb":
                case "bi":
                    if (poison.Touches(ArchState.Cr, Loc.CrBit(v & 31))) return $"touches undefined CR bit {v & 31}";
                    break;
            }
        }
        int? transferred = TransferSource(spec);
        foreach (var loc in ImplicitReads(spec, w))
            if (loc.Slot != transferred && poison.Touches(loc.Slot, loc.Bits)) return $"reads undefined bits of {ArchState.SlotName(loc.Slot)}";
        return null;
    }

    private static bool HasCrFields(InsnSpec spec) =>
        spec.FieldNames.Any(n => IsaTable.TryGetField(n, out var f) && f.Kind is "crb" or "crf" or "bi");

    private static bool ReadOnlyField(InsnSpec spec, string name, bool hasWrites) =>
        hasWrites ? !spec.Writes.Contains(name) && !(OpCatalog.IsUpdateForm(spec) && name is "ra" or "ra0")
        : spec.Mem != MemKind.None && !OpCatalog.IsUpdateForm(spec) && name is "ra" or "ra0";

    /// <summary>Registers an op reads without naming them in a field (from the table's reads=, plus what the form implies).</summary>
    public static IEnumerable<Loc> ImplicitReads(InsnSpec spec, uint w)
    {
        var list = new List<Loc>();
        bool any = spec.Attr("reads") != null;
        foreach (var r in spec.Reads)
        {
            switch (r)
            {
                case "cr":
                    // The table says "cr" for any CR access; when fields name the bits (bi, ba,
                    // bfa, bc...) the explicit check covers exactly those.
                    if (!HasCrFields(spec)) list.Add(Loc.CrBits(0xffff_ffff));
                    break;
                case "cr0": list.Add(Loc.CrBits(Loc.CrField(0))); break;
                case "cr1": list.Add(Loc.CrBits(Loc.CrField(1))); break;
                case "cr6": list.Add(Loc.CrBits(Loc.CrField(6))); break;
                case "lr": list.Add(new Loc(ArchState.Lr, ulong.MaxValue)); break;
                case "ctr": list.Add(new Loc(ArchState.Ctr, ulong.MaxValue)); break;
                case "xer": list.Add(new Loc(ArchState.Xer, ulong.MaxValue)); break;
                case "ca": list.Add(new Loc(ArchState.Xer, (1UL << 29) | (1UL << 18))); break;
                case "ov": list.Add(new Loc(ArchState.Xer, (1UL << 30) | (1UL << 19))); break;
                case "so": list.Add(new Loc(ArchState.Xer, 1UL << 31)); break;
                case "fpscr": list.Add(new Loc(ArchState.Fpscr, s_fpscrControl)); break;
                case "vscr": list.Add(new Loc(ArchState.Vscr, 0x1_0000)); break;
                case "mem": list.AddRange(Enumerable.Range(0, Layout.ScratchSize / 8).Select(k => new Loc(ArchState.ScratchDw(k), ulong.MaxValue))); break;
            }
        }
        if (!any)
        {
            // No reads= in the table: assume every implicit input.
            list.Add(Loc.CrBits(0xffff_ffff));
            list.Add(new Loc(ArchState.Lr, ulong.MaxValue));
            list.Add(new Loc(ArchState.Ctr, ulong.MaxValue));
            list.Add(new Loc(ArchState.Xer, ulong.MaxValue));
            list.Add(new Loc(ArchState.Fpscr, s_fpscrControl));
            list.Add(new Loc(ArchState.Vscr, 0x1_0000));
        }
        // Readers of whole status registers, whatever the table says (mffs*, mcrfs, mfcr: see Transfer).
        if (spec.Handler == "Mfvscr") list.Add(new Loc(ArchState.Vscr, ulong.MaxValue));
        if (spec.Handler is "Mfspr" && spec.FieldNames.Contains("spr") && IsaTable.FieldByName("spr").Value(w) is var spr)
        {
            if (spr == 1) list.Add(new Loc(ArchState.Xer, ulong.MaxValue));
            if (spr == 8) list.Add(new Loc(ArchState.Lr, ulong.MaxValue));
            if (spr == 9) list.Add(new Loc(ArchState.Ctr, ulong.MaxValue));
        }
        // Every Rc=1 op may copy XER[SO] (FP Rc=1 ops copy FX FEX VX OX: see Transfer).
        if (spec.Name.EndsWith('.')) list.Add(new Loc(ArchState.Xer, 1UL << 31));
        return list;
    }
}
