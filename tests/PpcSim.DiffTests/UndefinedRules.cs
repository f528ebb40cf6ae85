using PpcSim.Core;
using PpcSim.Isa;

namespace PpcSim.DiffTests;

/// <summary>
/// Results the ISA leaves undefined (Power ISA 3.0B), decided on the operand values just before
/// the instruction runs. A rule either poisons the undefined bits (they become the comparison
/// mask, and nothing may read them afterwards) or rejects the instruction (the generator then
/// picks other operands) when the undefinedness would swallow the whole result anyway.
/// </summary>
public static class UndefinedRules
{
    public readonly record struct Ctx(InsnSpec Spec, uint Word, Cpu Cpu, Poison Poison)
    {
        public int F(string field) => (int)IsaTable.FieldByName(field).Raw(Word);
        public bool Has(string field) => Spec.FieldNames.Contains(field);
        public ulong Gpr(string field) => Cpu.Gpr[F(field)];
        public bool Rc => Spec.Name.EndsWith('.');
    }

    private const uint Cr0LtGtEq = 0xe000_0000u;
    private const ulong High32 = 0xffff_ffff_0000_0000UL;
    private static readonly ulong s_fprf = 0x1fUL << (63 - 51);
    private static readonly ulong s_frFi = StateGenerator.FpscrBit(45) | StateGenerator.FpscrBit(46);

    private static readonly Dictionary<string, Func<Ctx, string?>> s_rules = new(StringComparer.Ordinal)
    {
        // ISA 3.3.9 mulhw/mulhwu: "RT[0:31] undefined"; "CR0 (bits 0:2 undefined in 64-bit mode)".
        ["Mulhw"] = c => HighWordAndCr0(c, "mulhw[u]: RT[0:31] undefined; CR0[0:2] undefined in 64-bit mode (ISA 3.3.9)"),
        ["Mulhwu"] = c => HighWordAndCr0(c, "mulhw[u]: RT[0:31] undefined; CR0[0:2] undefined in 64-bit mode (ISA 3.3.9)"),
        // ISA 3.3.9 divw/divwu/divwe/divweu: RT[0:31] undefined; all of RT on overflow or zero
        // divide; CR0[0:2] undefined in 64-bit mode.
        ["Divw"] = c => DivWord(c, signed: true, extended: false),
        ["Divwu"] = c => DivWord(c, signed: false, extended: false),
        ["Divwe"] = c => DivWord(c, signed: true, extended: true),
        ["Divweu"] = c => DivWord(c, signed: false, extended: true),
        // divd/divdu/divde/divdeu: RT undefined on overflow or zero divide (and so CR0[0:2]).
        ["Divd"] = c => DivDouble(c, signed: true, extended: false),
        ["Divdu"] = c => DivDouble(c, signed: false, extended: false),
        ["Divde"] = c => DivDouble(c, signed: true, extended: true),
        ["Divdeu"] = c => DivDouble(c, signed: false, extended: true),
        // ISA 3.3.9 modsw/moduw: RT[0:31] undefined, all of RT for a zero divisor (or MIN % -1).
        ["Modsw"] = c => ModWord(c, signed: true),
        ["Moduw"] = c => ModWord(c, signed: false),
        ["Modsd"] = c => ModDouble(c, signed: true),
        ["Modud"] = c => ModDouble(c, signed: false),
        // ISA 4.6.7 fctiw[u][z]: FRT[0:31] undefined; FPRF undefined.
        ["Fctiw"] = c => FctiwLike(c, highWord: true),
        ["Fctiwz"] = c => FctiwLike(c, highWord: true),
        ["Fctiwu"] = c => FctiwLike(c, highWord: true),
        ["Fctiwuz"] = c => FctiwLike(c, highWord: true),
        ["Fctid"] = c => FctiwLike(c, highWord: false),
        ["Fctidz"] = c => FctiwLike(c, highWord: false),
        ["Fctidu"] = c => FctiwLike(c, highWord: false),
        ["Fctiduz"] = c => FctiwLike(c, highWord: false),
        // ISA 4.6.6 reciprocal (square root) estimates: only the precision is architected.
        ["Fre"] = c => FpEstimate(c),
        ["Fres"] = c => SingleInputs(c) ?? FpEstimate(c),
        ["Frsqrte"] = c => FpEstimate(c),
        ["Frsqrtes"] = c => SingleInputs(c) ?? FpEstimate(c),
        // ISA 4.3.5.1: a single-precision arithmetic instruction with an input not representable
        // in single format leaves FRT, the FPSCR status and CR1 undefined: avoid such operands.
        ["Fadds"] = SingleInputs,
        ["Fsubs"] = SingleInputs,
        ["Fmuls"] = SingleInputs,
        ["Fdivs"] = SingleInputs,
        ["Fsqrts"] = SingleInputs,
        ["Fmadds"] = SingleInputs,
        ["Fmsubs"] = SingleInputs,
        ["Fnmadds"] = SingleInputs,
        ["Fnmsubs"] = SingleInputs,
        // Reserved XER bits (ISA 1.3.3 / 3.2.2): what mfxer returns after mtxer wrote them is
        // implementation-specific.
        ["Mtspr"] = c =>
        {
            if (c.F("spr") == 1) c.Poison.Add(ArchState.Xer, c.Gpr("rs") & ~XerDefined, "XER reserved bits written by mtxer read back implementation-specifically (ISA 3.2.2)");
            return null;
        },
    };

    /// <summary>XER bits the ISA defines: SO OV CA (32-34), OV32 CA32 (44-45), byte count (57-63).</summary>
    public const ulong XerDefined = (1UL << 31) | (1UL << 30) | (1UL << 29) | (1UL << 19) | (1UL << 18) | 0x7f;

    /// <summary>Applies the op's rule: returns a rejection reason, or null after adding any poison.</summary>
    public static string? Apply(Ctx c) => s_rules.TryGetValue(c.Spec.Handler, out var rule) ? rule(c) : null;

    private static string? HighWordAndCr0(Ctx c, string reason)
    {
        c.Poison.Add(ArchState.Gpr(c.F("rt")), High32, reason);
        if (c.Rc) c.Poison.Add(ArchState.Cr, Cr0LtGtEq, reason);
        return null;
    }

    private static string? DivWord(Ctx c, bool signed, bool extended)
    {
        uint a = (uint)c.Gpr("ra"), b = (uint)c.Gpr("rb");
        bool overflow;
        if (!extended) overflow = b == 0 || (signed && a == 0x8000_0000u && b == 0xffff_ffffu);
        else if (signed)
        {
            long dividend = (long)((ulong)a << 32), divisor = (int)b;
            overflow = divisor == 0 || (dividend == long.MinValue && divisor == -1) || dividend / divisor != (int)(dividend / divisor);
        }
        else overflow = b == 0 || a >= b;
        string why = "divw*: RT[0:31] undefined, all of RT on overflow/zero divide; CR0[0:2] undefined in 64-bit mode (ISA 3.3.9)";
        c.Poison.Add(ArchState.Gpr(c.F("rt")), overflow ? ulong.MaxValue : High32, why);
        if (c.Rc) c.Poison.Add(ArchState.Cr, Cr0LtGtEq, why);
        return null;
    }

    private static string? DivDouble(Ctx c, bool signed, bool extended)
    {
        ulong a = c.Gpr("ra"), b = c.Gpr("rb");
        bool overflow;
        if (!extended) overflow = b == 0 || (signed && a == 0x8000_0000_0000_0000UL && b == ulong.MaxValue);
        else if (signed)
        {
            Int128 dividend = (Int128)(long)a << 64, divisor = (long)b;
            overflow = divisor == 0 || (dividend == Int128.MinValue && divisor == -1) || dividend / divisor != (long)(dividend / divisor);
        }
        else overflow = b == 0 || a >= b;
        if (!overflow) return null;
        string why = "divd*: RT undefined on overflow/zero divide, so are CR0[0:2] (ISA 3.3.9)";
        c.Poison.Add(ArchState.Gpr(c.F("rt")), ulong.MaxValue, why);
        if (c.Rc) c.Poison.Add(ArchState.Cr, Cr0LtGtEq, why);
        return null;
    }

    private static string? ModWord(Ctx c, bool signed)
    {
        uint a = (uint)c.Gpr("ra"), b = (uint)c.Gpr("rb");
        bool overflow = b == 0 || (signed && a == 0x8000_0000u && b == 0xffff_ffffu);
        c.Poison.Add(ArchState.Gpr(c.F("rt")), overflow ? ulong.MaxValue : High32,
            "mod[su]w: RT[0:31] undefined, all of RT for a zero divisor or MIN % -1 (ISA 3.3.9)");
        return null;
    }

    private static string? ModDouble(Ctx c, bool signed)
    {
        ulong a = c.Gpr("ra"), b = c.Gpr("rb");
        bool overflow = b == 0 || (signed && a == 0x8000_0000_0000_0000UL && b == ulong.MaxValue);
        if (overflow) c.Poison.Add(ArchState.Gpr(c.F("rt")), ulong.MaxValue, "mod[su]d: RT undefined for a zero divisor or MIN % -1 (ISA 3.3.9)");
        return null;
    }

    private static string? FctiwLike(Ctx c, bool highWord)
    {
        string why = "fcti[wd]*: FPRF undefined" + (highWord ? ", FRT[0:31] undefined" : "") + " (ISA 4.6.7)";
        if (highWord) c.Poison.Add(ArchState.VsrDw0(c.F("frt")), High32, why);
        c.Poison.Add(ArchState.Fpscr, s_fprf, why);
        return null;
    }

    private static string? FpEstimate(Ctx c)
    {
        ulong b = c.Cpu.Fpr(c.F("frb"));
        bool finiteNonZero = (b & 0x7fff_ffff_ffff_ffffUL) != 0 && ((b >> 52) & 0x7ff) != 0x7ff;
        string why = "fre/frsqrte[s]: an estimate, only its precision is architected; FR and FI undefined (ISA 4.6.6)";
        if (finiteNonZero)
        {
            c.Poison.Add(ArchState.VsrDw0(c.F("frt")), ulong.MaxValue, why);
            c.Poison.Add(ArchState.Fpscr, s_fprf, why);
        }
        c.Poison.Add(ArchState.Fpscr, s_frFi, why);
        return null;
    }

    private static string? SingleInputs(Ctx c)
    {
        foreach (var f in (string[])["fra", "frb", "frc"])
            if (c.Has(f) && !IsSingleRepresentable(c.Cpu.Fpr(c.F(f))))
                return "single-precision op with an input not representable in single format: results undefined (ISA 4.3.5.1)";
        return null;
    }

    /// <summary>True if a double's bits denote a value (or NaN payload) the single format can hold exactly.</summary>
    public static bool IsSingleRepresentable(ulong d)
    {
        int exp = (int)((d >> 52) & 0x7ff);
        ulong frac = d & 0x000f_ffff_ffff_ffffUL;
        if (exp == 0x7ff) return (frac & 0x1fff_ffffUL) == 0;
        if (exp == 0 && frac == 0) return true;
        double v = BitConverter.UInt64BitsToDouble(d);
        return BitConverter.DoubleToUInt64Bits((float)v) == d;
    }
}
