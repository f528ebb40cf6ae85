using PpcSim.Core;
using PpcSim.Isa;

namespace PpcSim.DiffTests;

public enum OpCategory { Integer, ConditionRegister, Float, Vector, Memory, Branch }

/// <summary>
/// Which table entries the generator may draw: implemented by PpcSim, unprivileged, and safe in
/// a straight-line user program. Every exclusion carries its reason; the list is reported by
/// <see cref="Excluded"/> so it stays honest.
/// </summary>
public static class OpCatalog
{
    /// <summary>Excluded by handler name (all forms of the mnemonic), with the reason.</summary>
    private static readonly Dictionary<string, string> s_excludedHandlers = new(StringComparer.Ordinal)
    {
        ["Sc"] = "system call: leaves the sequence",
        ["Scv"] = "system call: leaves the sequence",
        ["Bctar"] = "branch target is TAR (not user-visible in qemu-user)",
        ["Lmw"] = "ISA 3.3.7: load/store multiple cause an alignment interrupt in little-endian mode",
        ["Stmw"] = "ISA 3.3.7: load/store multiple cause an alignment interrupt in little-endian mode",
        ["Lswi"] = "ISA 3.3.8: move assist (string) instructions cause an alignment interrupt in little-endian mode",
        ["Lswx"] = "ISA 3.3.8: move assist (string) instructions cause an alignment interrupt in little-endian mode",
        ["Stswi"] = "ISA 3.3.8: move assist (string) instructions cause an alignment interrupt in little-endian mode",
        ["Stswx"] = "ISA 3.3.8: move assist (string) instructions cause an alignment interrupt in little-endian mode",
        ["Darn"] = "random number: nondeterministic by definition",
        ["Mftb"] = "time base: nondeterministic",
        ["Wait"] = "stops the thread",
        ["Attn"] = "stops the machine",
        ["Copy"] = "copy-paste facility: not usable in a user program under qemu-user",
        ["Paste"] = "copy-paste facility: not usable in a user program under qemu-user",
        ["CpAbort"] = "copy-paste facility: not usable in a user program under qemu-user",
        ["Icbt"] = "qemu 7.2 deviation: icbt (ISA 3.0B 4.3.1) is an illegal instruction for server CPUs there",
        ["Rfebb"] = "event-based branch: leaves the sequence",
        ["Tbegin"] = "transactional memory: not enabled for Linux user programs on POWER9",
        ["Tend"] = "transactional memory: not enabled for Linux user programs on POWER9",
        ["Tabort"] = "transactional memory: not enabled for Linux user programs on POWER9",
        ["Tcheck"] = "transactional memory: not enabled for Linux user programs on POWER9",
        ["Tsr"] = "transactional memory: not enabled for Linux user programs on POWER9",
    };

    /// <summary>Move to/from SPR numbers a sequence may use: those the state dump covers (XER, LR, CTR). Not VRSAVE: it is outside the dump, and qemu-user starts it with a stale value.</summary>
    public static readonly int[] UserSprs = [1, 8, 9];

    private static readonly Lazy<InsnSpec[]> s_eligible = new(() => IsaTable.Specs.Where(s => ExclusionReason(s) == null).ToArray());

    public static IReadOnlyList<InsnSpec> Eligible => s_eligible.Value;

    /// <summary>Implemented ops left out on purpose, with why (for the report).</summary>
    public static IEnumerable<(InsnSpec Spec, string Reason)> Excluded =>
        IsaTable.Specs.Where(s => s.Op != Op.Invalid && Dispatch.IsImplemented(s.Op) && ExclusionReason(s) != null)
            .Select(s => (s, ExclusionReason(s)!));

    public static string? ExclusionReason(InsnSpec s)
    {
        if (s.Op == Op.Invalid) return "invalid";
        if (!Dispatch.IsImplemented(s.Op)) return "not implemented in PpcSim";
        if (s.Privilege != Privilege.User) return "privileged";
        if (s_excludedHandlers.TryGetValue(s.Handler, out var why)) return why;
        if (s.FieldNames.Contains("tbr")) return "time base: nondeterministic";
        if (Category(s) == OpCategory.Branch && (s.Match & 2) != 0 && IsBranchWithAa(s)) return "absolute branch: target outside the sequence";
        if (s.Name == "stqcx.") return "qemu 7.2 deviation: stqcx. after lqarx always fails under qemu-user (ISA 3.0B 4.4.2 says it stores)";
        if (s.Handler is "Bclr" or "Bcctr" && !s.FieldNames.Contains("bo")) return "branch to LR/CTR without a BO field";
        if (s.Mem != MemKind.None && !HasAddressFields(s)) return "memory access without an RA/RB/D address";
        if (s.Handler is "Mtspr" or "Mfspr" && !s.FieldNames.Contains("spr")) return "SPR fixed by the form (only user SPRs in the dump are generated)";
        return null;
    }

    private static bool IsBranchWithAa(InsnSpec s) => s.Handler is "B" or "Bc";

    public static bool HasAddressFields(InsnSpec s) =>
        (s.FieldNames.Contains("ra0") || s.FieldNames.Contains("ra")) && (s.FieldNames.Contains("rb") || DispField(s) != null);

    public static FieldInfo? DispField(InsnSpec s)
    {
        foreach (var n in s.FieldNames)
            if (IsaTable.TryGetField(n, out var f) && f.Kind == "disp") return f;
        return null;
    }

    public static OpCategory Category(InsnSpec s)
    {
        if (s.Handler is "B" or "Bc" or "Bclr" or "Bcctr" or "Bctar") return OpCategory.Branch;
        if (s.Mem != MemKind.None) return OpCategory.Memory;
        switch (s.Unit)
        {
            case "fpu":
            case "fdiv":
            case "dfp":
                return OpCategory.Float;
            case "vec":
            case "vsx":
                return OpCategory.Vector;
            case "cr":
                return OpCategory.ConditionRegister;
        }
        foreach (var n in s.FieldNames)
        {
            if (!IsaTable.TryGetField(n, out var f)) continue;
            if (f.Kind == "fpr") return OpCategory.Float;
            if (f.Kind is "vr" or "vsr") return OpCategory.Vector;
        }
        if (s.FieldNames.Contains("bt") || s.FieldNames.Contains("bfa")) return OpCategory.ConditionRegister;
        return OpCategory.Integer;
    }

    /// <summary>Update forms (lwzu, stdux, lfdu...): RA is written with the EA.</summary>
    public static bool IsUpdateForm(InsnSpec s)
    {
        if (s.Mem == MemKind.None) return false;
        if (s.Writes.Contains("ra") || s.Writes.Contains("ra0")) return true;
        string n = s.Name.TrimEnd('.');
        return (n.EndsWith('u') || n.EndsWith("ux", StringComparison.Ordinal)) && !n.StartsWith("lvs", StringComparison.Ordinal)
            && n is not "dcbtstu" && (n[0] == 'l' || n[0] == 's');
    }

    /// <summary>Ops that must be naturally aligned (else alignment interrupt on POWER9 in LE mode).</summary>
    public static bool NeedsNaturalAlignment(InsnSpec s) =>
        s.Handler is "Lq" or "Stq" || s.Mem is MemKind.LoadReserve or MemKind.StoreConditional;
}
