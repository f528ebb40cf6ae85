using System.Runtime.CompilerServices;
using static PpcSim.Core.FpscrBits;
using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Power ISA 3.0B Book I 7.6: the quad-precision xs*qp instructions (primary opcode 63, X form).
// Operands are VSRs 32-63 (VRT/VRA/VRB + 32) holding binary128 values; the arithmetic goes
// through SoftFloat128. The "o" forms (Rc bit = 1, e.g. xsaddqpo) round to odd instead of using
// FPSCR[RN]. Scalar rules as for the other scalar forms: FPRF, FR and FI describe the result.
public static partial class Interpreter
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 QReg(Cpu c, int vr) => SoftFloat128.FromVec(c.Vsr[32 + vr]);

    /// <summary>FPSCR[RN], or round to odd for the "o" forms (bit 31 set).</summary>
    private static int QRound(Cpu c, uint w) => (w & 1) != 0 ? SoftFloat.RoundOdd : RoundMode(c);

    /// <summary>Writes a quad result with its FPSCR update (FPRF from the quad class).</summary>
    private static void XqWrite(Cpu c, uint w, UInt128 r, uint fl, bool setFprf = true)
    {
        if (FpApply(c, fl, SoftFloat128.Fprf(r), setFprf, out bool raise)) c.Vsr[32 + Vrt(w)] = SoftFloat128.ToVec(r);
        if (raise) FpRaise(c);
    }

    private static void XqArith(Cpu c, uint w, XOp op)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        UInt128 a = QReg(c, Vra(w)), b = QReg(c, Vrb(w));
        int rm = QRound(c, w);
        UInt128 r = op switch
        {
            XOp.Add => SoftFloat128.Add(a, b, rm, ref fl),
            XOp.Sub => SoftFloat128.Sub(a, b, rm, ref fl),
            XOp.Mul => SoftFloat128.Mul(a, b, rm, ref fl),
            _ => SoftFloat128.Div(a, b, rm, ref fl),
        };
        XqWrite(c, w, r, fl);
    }

    internal static void Xsaddqp(Cpu c, uint w) => XqArith(c, w, XOp.Add);
    internal static void Xssubqp(Cpu c, uint w) => XqArith(c, w, XOp.Sub);
    internal static void Xsmulqp(Cpu c, uint w) => XqArith(c, w, XOp.Mul);
    internal static void Xsdivqp(Cpu c, uint w) => XqArith(c, w, XOp.Div);

    internal static void Xssqrtqp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        XqWrite(c, w, SoftFloat128.Sqrt(QReg(c, Vrb(w)), QRound(c, w), ref fl), fl);
    }

    /// <summary>xs[n]m{add,sub}qp: VRT = +-(VRA * VRB +- VRT), rounded once; the negation follows rounding.</summary>
    private static void XqMadd(Cpu c, uint w, bool subtract, bool negate)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        UInt128 r = SoftFloat128.MulAdd(QReg(c, Vra(w)), QReg(c, Vrb(w)), QReg(c, Vrt(w)), subtract, QRound(c, w), ref fl);
        if (negate && !SoftFloat128.IsNaN(r)) r ^= SoftFloat128.SignBit;
        XqWrite(c, w, r, fl);
    }

    internal static void Xsmaddqp(Cpu c, uint w) => XqMadd(c, w, false, false);
    internal static void Xsmsubqp(Cpu c, uint w) => XqMadd(c, w, true, false);
    internal static void Xsnmaddqp(Cpu c, uint w) => XqMadd(c, w, false, true);
    internal static void Xsnmsubqp(Cpu c, uint w) => XqMadd(c, w, true, true);

    // ---- sign manipulation, insert/extract (no FPSCR effect) ----------------------------------

    private static void XqSign(Cpu c, uint w, int kind)
    {
        if (!VsxEnter(c)) return;
        UInt128 b = QReg(c, Vrb(w)), s = SoftFloat128.SignBit;
        UInt128 r = kind switch { 0 => b & ~s, 1 => b | s, 2 => b ^ s, _ => (QReg(c, Vra(w)) & s) | (b & ~s) };
        c.Vsr[32 + Vrt(w)] = SoftFloat128.ToVec(r);
    }

    internal static void Xsabsqp(Cpu c, uint w) => XqSign(c, w, 0);
    internal static void Xsnabsqp(Cpu c, uint w) => XqSign(c, w, 1);
    internal static void Xsnegqp(Cpu c, uint w) => XqSign(c, w, 2);
    internal static void Xscpsgnqp(Cpu c, uint w) => XqSign(c, w, 3);

    /// <summary>xsiexpqp: sign and fraction of VRA, exponent from VRB dword 0 bits 49:63.</summary>
    internal static void Xsiexpqp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        UInt128 a = QReg(c, Vra(w));
        ulong e = c.Vsr[32 + Vrb(w)].Dw0 & 0x7fff;
        c.Vsr[32 + Vrt(w)] = SoftFloat128.ToVec((a & ~SoftFloat128.ExpMask) | ((UInt128)e << 112));
    }

    internal static void Xsxexpqp(Cpu c, uint w)
    {
        if (VsxEnter(c)) c.Vsr[32 + Vrt(w)] = new Vec128((ulong)SoftFloat128.BiasedExp(QReg(c, Vrb(w))), 0);
    }

    internal static void Xsxsigqp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        UInt128 b = QReg(c, Vrb(w));
        int e = SoftFloat128.BiasedExp(b);
        UInt128 sig = (b & SoftFloat128.FracMask) | (e != 0 && e != 0x7fff ? UInt128.One << 112 : UInt128.Zero);
        c.Vsr[32 + Vrt(w)] = SoftFloat128.ToVec(sig);
    }

    // ---- compares and tests -------------------------------------------------------------------

    private static void XqCompare(Cpu c, uint w, bool ordered)
    {
        if (!VsxEnter(c)) return;
        UInt128 a = QReg(c, Vra(w)), b = QReg(c, Vrb(w));
        uint cc = SoftFloat128.Compare(a, b);
        uint fl = 0;
        bool snan = SoftFloat128.IsSNaN(a) || SoftFloat128.IsSNaN(b);
        if (snan) fl |= VXSNAN;
        if (ordered && cc == 1 && (!snan || (c.Fpscr & VE) == 0)) fl |= VXVC;
        SetCrField(c, Bf(w), cc);
        ulong keep = c.Fpscr & (FR | FI);
        FpApply(c, fl, 0, false, out bool raise);
        c.Fpscr = (c.Fpscr & ~(ulong)(FPCC | FR | FI)) | ((ulong)cc << FprfShift) | keep;
        if (raise) FpRaise(c);
    }

    internal static void Xscmpuqp(Cpu c, uint w) => XqCompare(c, w, false);
    internal static void Xscmpoqp(Cpu c, uint w) => XqCompare(c, w, true);

    internal static void Xscmpexpqp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        UInt128 a = QReg(c, Vra(w)), b = QReg(c, Vrb(w));
        int ea = SoftFloat128.BiasedExp(a), eb = SoftFloat128.BiasedExp(b);
        uint cc = SoftFloat128.IsNaN(a) || SoftFloat128.IsNaN(b) ? 1u : ea < eb ? 8u : ea > eb ? 4u : 2u;
        SetCrAndFpcc(c, w, cc);
    }

    internal static void Xststdcqp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        UInt128 x = QReg(c, Vrb(w));
        bool neg = SoftFloat128.IsNeg(x);
        bool match = DataClassMatch(Dcmx7(w), SoftFloat128.IsNaN(x), SoftFloat128.IsInf(x), SoftFloat128.IsZero(x), SoftFloat128.IsDenormal(x), neg);
        SetCrAndFpcc(c, w, (neg ? 8u : 0u) | (match ? 2u : 0u));
    }

    // ---- conversions ----------------------------------------------------------------------------

    internal static void Xscvdpqp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        XqWrite(c, w, SoftFloat128.FromDouble(c.Vsr[32 + Vrb(w)].Dw0, ref fl), fl);
    }

    /// <summary>xscvqpdp[o]: the double in dword 0 of VRT (dword 1 zero), FPRF of the double.</summary>
    internal static void Xscvqpdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        ulong r = SoftFloat128.ToDouble(QReg(c, Vrb(w)), QRound(c, w), ref fl);
        if (FpApply(c, fl, SoftFloat.Fprf(r), true, out bool raise)) c.Vsr[32 + Vrt(w)] = new Vec128(r, 0);
        if (raise) FpRaise(c);
    }

    private static void XqFromInt(Cpu c, uint w, bool signed)
    {
        if (VsxEnter(c)) XqWrite(c, w, SoftFloat128.FromInt(c.Vsr[32 + Vrb(w)].Dw0, signed), 0);
    }

    internal static void Xscvsdqp(Cpu c, uint w) => XqFromInt(c, w, true);
    internal static void Xscvudqp(Cpu c, uint w) => XqFromInt(c, w, false);

    /// <summary>
    /// xscvqp[su][dw]z: truncating conversion into dword 0 of VRT (dword 1 zero). The word forms
    /// extend the word to the doubleword (sign-extended for xscvqpswz). FPRF is not modified.
    /// </summary>
    private static void XqToInt(Cpu c, uint w, bool signed, int bits)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        ulong r = SoftFloat128.ToInt(QReg(c, Vrb(w)), signed, bits, ref fl);
        if (bits == 32 && signed) r = (ulong)(long)(int)(uint)r;
        if (FpApply(c, fl, 0, false, out bool raise)) c.Vsr[32 + Vrt(w)] = new Vec128(r, 0);
        if (raise) FpRaise(c);
    }

    internal static void Xscvqpsdz(Cpu c, uint w) => XqToInt(c, w, true, 64);
    internal static void Xscvqpswz(Cpu c, uint w) => XqToInt(c, w, true, 32);
    internal static void Xscvqpudz(Cpu c, uint w) => XqToInt(c, w, false, 64);
    internal static void Xscvqpuwz(Cpu c, uint w) => XqToInt(c, w, false, 32);

    // ---- rounding ---------------------------------------------------------------------------------

    /// <summary>
    /// The R/RMC rounding-mode table of xsrqpi/xsrqpxp (ISA 3.0 7.6.1): R=1 selects RMC as
    /// nearest-even, zero, +inf, -inf; R=0 RMC=0 is nearest-away and R=0 RMC=3 uses FPSCR[RN]
    /// (R=0 with RMC 1 or 2 is reserved: treated as FPSCR[RN] here).
    /// </summary>
    private static int QRoundControl(Cpu c, uint w)
    {
        int rmc = Rmc(w);
        if (Rbit(w) != 0) return rmc;
        return rmc == 0 ? SoftFloat.RoundNearestAway : RoundMode(c);
    }

    private static void XqRoundIntegral(Cpu c, uint w, bool signalInexact)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        UInt128 r = SoftFloat128.RoundToIntegral(QReg(c, Vrb(w)), QRoundControl(c, w), ref fl, out bool inexact);
        if (signalInexact && inexact) fl |= XX | FI;
        XqWrite(c, w, r, fl);
    }

    internal static void Xsrqpi(Cpu c, uint w) => XqRoundIntegral(c, w, false);
    internal static void Xsrqpix(Cpu c, uint w) => XqRoundIntegral(c, w, true);

    internal static void Xsrqpxp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        XqWrite(c, w, SoftFloat128.RoundToExtended(QReg(c, Vrb(w)), QRoundControl(c, w), ref fl), fl);
    }
}
