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
        public int F(string field) => (int)IsaTable.FieldByName(field).Value(Word);
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
        // ISA 3.0B 6.10.x / 7.6: the VMX and VSX estimates fix only a precision, not the bits
        // (exact results for infinities, zeros and NaNs are still compared).
        ["Vrefp"] = c => VectorEstimate(c, "vrb", "vrt", 32, single: true, zeroIsExact: true),
        ["Vrsqrtefp"] = c => VectorEstimate(c, "vrb", "vrt", 32, single: true, zeroIsExact: true),
        ["Vlogefp"] = c => VectorEstimate(c, "vrb", "vrt", 32, single: true, zeroIsExact: true),
        ["Vexptefp"] = c => VectorEstimate(c, "vrb", "vrt", 32, single: true, zeroIsExact: false),
        ["Xvresp"] = c => VectorEstimate(c, "xb", "xt", 0, single: true, zeroIsExact: true),
        ["Xvrsqrtesp"] = c => VectorEstimate(c, "xb", "xt", 0, single: true, zeroIsExact: true),
        ["Xvredp"] = c => VectorEstimate(c, "xb", "xt", 0, single: false, zeroIsExact: true),
        ["Xvrsqrtedp"] = c => VectorEstimate(c, "xb", "xt", 0, single: false, zeroIsExact: true),
        ["Xsresp"] = ScalarVsxEstimate,
        ["Xsrsqrtesp"] = ScalarVsxEstimate,
        ["Xsredp"] = ScalarVsxEstimate,
        ["Xsrsqrtedp"] = ScalarVsxEstimate,
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
        // ISA 3.0B 6.8.2 / 7.6: an element index past the last whole element leaves the result undefined.
        ["Vextractuh"] = c => ElementIndex(c, "vuim4", 14, "vrt", vsrBase: 32),
        ["Vextractuw"] = c => ElementIndex(c, "vuim4", 12, "vrt", vsrBase: 32),
        ["Vextractd"] = c => ElementIndex(c, "vuim4", 8, "vrt", vsrBase: 32),
        ["Vinserth"] = c => ElementIndex(c, "vuim4", 14, "vrt", vsrBase: 32),
        ["Vinsertw"] = c => ElementIndex(c, "vuim4", 12, "vrt", vsrBase: 32),
        ["Vinsertd"] = c => ElementIndex(c, "vuim4", 8, "vrt", vsrBase: 32),
        ["Xxextractuw"] = c => ElementIndex(c, "xuim4", 12, "xt", vsrBase: 0),
        ["Xxinsertw"] = c => ElementIndex(c, "xuim4", 12, "xt", vsrBase: 0),
        // vextu[hw][lr]x: a byte index (RA[60:63]) past the last whole element leaves RT undefined.
        ["Vextuhlx"] = c => GprIndex(c, 14),
        ["Vextuhrx"] = c => GprIndex(c, 14),
        ["Vextuwlx"] = c => GprIndex(c, 12),
        ["Vextuwrx"] = c => GprIndex(c, 12),
        // Reserved FPSCR/VSCR bits (ISA 1.3.3): what reads return after a write of 1 to them is
        // implementation-dependent.
        ["Mtfsf"] = c =>
        {
            ulong written = c.F("fl") == 1 ? ulong.MaxValue : FieldMask(c.F("flm"), c.F("fw"));
            if ((c.Cpu.Fpr(c.F("frb")) & written & FpscrReserved) != 0) c.Poison.Add(ArchState.Fpscr, FpscrReserved, ReservedFpscr);
            return null;
        },
        ["Mtfsfi"] = c =>
        {
            int field = c.F("fbf") + 8 * (1 - c.F("fw"));
            ulong value = (ulong)c.F("fu") << (60 - 4 * field);
            if ((value & FpscrReserved) != 0) c.Poison.Add(ArchState.Fpscr, FpscrReserved, ReservedFpscr);
            return null;
        },
        ["Mtfsb1"] = c =>
        {
            if (((1UL << (31 - c.F("fbt"))) & FpscrReserved) != 0) c.Poison.Add(ArchState.Fpscr, FpscrReserved, ReservedFpscr);
            return null;
        },
        ["Mtvscr"] = c =>
        {
            ulong v = c.Cpu.Vr(c.F("vrb")).Dw1 & 0xffff_ffffUL;
            if ((v & ~VscrDefined) != 0) c.Poison.Add(ArchState.Vscr, 0xffff_ffffUL & ~VscrDefined, "VSCR reserved bits written by mtvscr read back implementation-dependently (ISA 1.3.3, 6.3.1)");
            return null;
        },
        // ISA 3.0B 3.3.17 mfocrf/mtocrf: unless FXM names exactly one field, RT (resp. CR) is undefined.
        ["Mfocrf"] = c =>
        {
            if (System.Numerics.BitOperations.PopCount((uint)c.F("fxm")) != 1)
                c.Poison.Add(ArchState.Gpr(c.F("rt")), ulong.MaxValue, "mfocrf with FXM not naming exactly one field: RT undefined (ISA 3.3.17)");
            return null;
        },
        ["Mtocrf"] = c =>
        {
            if (System.Numerics.BitOperations.PopCount((uint)c.F("fxm")) != 1)
                c.Poison.Add(ArchState.Cr, 0xffff_ffffUL, "mtocrf with FXM not naming exactly one field: CR undefined (ISA 3.3.17)");
            return null;
        },
        // Reserved XER bits (ISA 1.3.3 / 3.2.2): what mfxer returns after mtxer wrote them is
        // implementation-specific.
        ["Mtspr"] = c =>
        {
            if (c.F("spr") == 1) c.Poison.Add(ArchState.Xer, c.Gpr("rs") & ~XerDefined, "XER reserved bits written by mtxer read back implementation-specifically (ISA 3.2.2)");
            return null;
        },
    };

    /// <summary>FPSCR reserved bits: 0:28 and 52 (ISA 3.0B 4.2.2).</summary>
    public const ulong FpscrReserved = 0xffff_fff8_0000_0800UL;
    /// <summary>VSCR bits the ISA defines: NJ and SAT.</summary>
    public const ulong VscrDefined = 0x1_0001UL;
    private const string ReservedFpscr = "FPSCR reserved bits written with 1 read back implementation-dependently (ISA 1.3.3, 4.2.2)";

    /// <summary>mtfsf FLM with W: field i of the selected word (field 0 is the most significant).</summary>
    private static ulong FieldMask(int flm, int w)
    {
        ulong m = 0;
        for (int i = 0; i < 8; i++)
            if ((flm & (0x80 >> i)) != 0) m |= 0xfUL << (28 - 4 * i);
        return w == 1 ? m << 32 : m;
    }

    private static string? GprIndex(Ctx c, int max)
    {
        if ((c.Gpr("ra") & 0xf) > (ulong)max)
            c.Poison.Add(ArchState.Gpr(c.F("rt")), ulong.MaxValue, $"{c.Spec.Name} with a byte index > {max}: RT undefined (ISA 3.0B 6.8.2)");
        return null;
    }

    private static string? ElementIndex(Ctx c, string uimField, int max, string target, int vsrBase)
    {
        if (c.F(uimField) <= max) return null;
        int t = vsrBase + c.F(target);
        string why = $"{c.Spec.Name} with UIM > {max}: result undefined (ISA 3.0B 6.8.2/7.6)";
        c.Poison.Add(ArchState.VsrDw0(t), ulong.MaxValue, why);
        c.Poison.Add(ArchState.VsrDw1(t), ulong.MaxValue, why);
        return null;
    }

    /// <summary>XER bits the ISA defines: SO OV CA (32-34), OV32 CA32 (44-45), byte count (57-63).</summary>
    public const ulong XerDefined = (1UL << 31) | (1UL << 30) | (1UL << 29) | (1UL << 19) | (1UL << 18) | 0x7f;

    /// <summary>Handler names that have a rule.</summary>
    public static IEnumerable<string> Handlers => s_rules.Keys;

    /// <summary>Applies the op's rule: returns a rejection reason, or null after adding any poison.</summary>
    public static string? Apply(Ctx c)
    {
        if (s_rules.TryGetValue(c.Spec.Handler, out var rule) && rule(c) is { } reject) return reject;
        if (Generic(c) is { } rejectGeneric) return rejectGeneric;
        return QemuDeviations.Apply(c);
    }

    /// <summary>Rules that follow from the form rather than the mnemonic.</summary>
    private static string? Generic(Ctx c)
    {
        var s = c.Spec;
        // ISA 3.0B 4.2.1 / 7.2.1: an instruction that writes FPR[FRT] leaves doubleword 1 of
        // VSR[FRT] undefined.
        if (c.Has("frt") && IsaTable.FieldByName("frt").Kind == "fpr")
            c.Poison.Add(ArchState.VsrDw1(c.F("frt")), ulong.MaxValue, "FPR write: doubleword 1 of the VSR is undefined (ISA 3.0B 4.2.1)");
        // VSX scalar forms (xs*, and the X-form scalar loads lxs*x) leave doubleword 1 of VSR[XT]
        // undefined; the quad-precision (qp) forms use the whole register, lxsd/lxssp zero it.
        if (c.Has("xt") && (s.Name.StartsWith("xs", StringComparison.Ordinal) || s.Name.StartsWith("lxs", StringComparison.Ordinal))
            && !s.Name.Contains("qp", StringComparison.Ordinal))
            c.Poison.Add(ArchState.VsrDw1(c.F("xt")), ulong.MaxValue, "VSX scalar result: doubleword 1 of VSR[XT] is undefined (ISA 3.0B 7.6)");
        // ISA 3.0B 4.6.3: storing in single format a nonzero value below the single denormal
        // range (double exponent < 874) stores an undefined word.
        if (s.Mem == MemKind.Store && s.Size == 4 && (c.Has("frs") || c.Has("xs")) && StoresAsSingle(s))
        {
            ulong v = c.Has("frs") ? c.Cpu.Fpr(c.F("frs")) : c.Cpu.Vsr[c.F("xs")].Dw0;
            int exp = (int)((v >> 52) & 0x7ff);
            if (exp < 874 && (v & 0x7fff_ffff_ffff_ffffUL) != 0)
                return "single-format store of a value below the single denormal range: undefined word (ISA 4.6.3)";
        }
        return null;
    }

    private static bool StoresAsSingle(InsnSpec s) =>
        s.Name.StartsWith("stfs", StringComparison.Ordinal) || s.Name.StartsWith("stxssp", StringComparison.Ordinal);

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

    private const string EstimateWhy = "estimate: the ISA fixes only its precision, not its bits (ISA 3.0B 6.10.x, 7.6)";

    private static string? VectorEstimate(Ctx c, string src, string dst, int vsrBase, bool single, bool zeroIsExact)
    {
        var b = c.Cpu.Vsr[vsrBase + c.F(src)];
        int t = vsrBase + c.F(dst);
        ulong m0 = 0, m1 = 0;
        if (single)
        {
            for (int i = 0; i < 4; i++)
            {
                uint e = b.GetWord(i);
                bool finite = ((e >> 23) & 0xff) != 0xff, zero = (e & 0x7fff_ffff) == 0;
                if (!finite || (zero && zeroIsExact)) continue;
                if (i < 2) m0 |= 0xffff_ffffUL << (32 - 32 * i);
                else m1 |= 0xffff_ffffUL << (32 - 32 * (i - 2));
            }
        }
        else
        {
            if (EstimatedDouble(b.Dw0, zeroIsExact)) m0 = ulong.MaxValue;
            if (EstimatedDouble(b.Dw1, zeroIsExact)) m1 = ulong.MaxValue;
        }
        c.Poison.Add(ArchState.VsrDw0(t), m0, EstimateWhy);
        c.Poison.Add(ArchState.VsrDw1(t), m1, EstimateWhy);
        return null;
    }

    private static bool EstimatedDouble(ulong d, bool zeroIsExact) =>
        ((d >> 52) & 0x7ff) != 0x7ff && !(zeroIsExact && (d & 0x7fff_ffff_ffff_ffffUL) == 0);

    private static string? ScalarVsxEstimate(Ctx c)
    {
        if (EstimatedDouble(c.Cpu.Vsr[c.F("xb")].Dw0, zeroIsExact: true))
        {
            c.Poison.Add(ArchState.VsrDw0(c.F("xt")), ulong.MaxValue, EstimateWhy);
            c.Poison.Add(ArchState.Fpscr, s_fprf, EstimateWhy);
        }
        c.Poison.Add(ArchState.Fpscr, s_frFi, EstimateWhy + "; FR and FI undefined");
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
