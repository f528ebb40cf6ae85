using System.Runtime.CompilerServices;
using static PpcSim.Core.FpscrBits;
using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Power ISA 3.0B Book I chapter 7.6: VSX floating-point instructions, on the SoftFloat core.
// Scalar (xs*) forms work on doubleword 0 and zero doubleword 1 of the target (what QEMU and
// POWER9 do with the "undefined" doubleword); vector (xv*) forms on 2 doubleword or 4 word
// elements, ORing the elements' exceptions and leaving FR, FI and FPRF alone (ISA 7.6.1).
public static partial class Interpreter
{
    private enum XOp { Add, Sub, Mul, Div }

    /// <summary>MSR[VSX]=0: every VSX instruction takes the VSX unavailable interrupt.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool VsxEnter(Cpu c)
    {
        if ((c.Msr & Msr.VSX) != 0) return true;
        c.Raise(Interrupt.VsxUnavailable);
        return false;
    }

    private static ulong Arith(XOp op, ulong a, ulong b, bool single, int rm, ref uint fl) => op switch
    {
        XOp.Add => SoftFloat.Add(a, b, single, rm, ref fl),
        XOp.Sub => SoftFloat.Sub(a, b, single, rm, ref fl),
        XOp.Mul => SoftFloat.Mul(a, b, single, rm, ref fl),
        _ => SoftFloat.Div(a, b, single, rm, ref fl),
    };

    /// <summary>Scalar result: dw0 = r, dw1 = 0, FPSCR as for the FP chapter (FR, FI, FPRF set).</summary>
    private static void XsWrite(Cpu c, uint w, ulong r, uint fl, bool setFprf = true)
    {
        if (FpApply(c, fl, SoftFloat.Fprf(r), setFprf, out bool raise)) c.Vsr[Xt(w)] = new Vec128(r, 0);
        if (raise) FpRaise(c);
    }

    /// <summary>Vector result: exceptions OR in; FR, FI and FPRF are not modified.</summary>
    private static void XvWrite(Cpu c, uint w, Vec128 r, uint fl)
    {
        ulong keep = c.Fpscr & (FR | FI);
        bool write = FpApply(c, fl, 0, false, out bool raise);
        c.Fpscr = (c.Fpscr & ~(ulong)(FR | FI)) | keep;
        if (write) c.Vsr[Xt(w)] = r;
        if (raise) FpRaise(c);
    }

    private static ulong Sp(uint x) => SoftFloat.FromSingleBits(x);
    private static uint SpOut(ulong x) => SoftFloat.ToSingleBits(x);

    // ---- arithmetic ------------------------------------------------------------------------

    private static void XsArith(Cpu c, uint w, XOp op, bool single)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        ulong r = Arith(op, c.Vsr[Xa(w)].Dw0, c.Vsr[Xb(w)].Dw0, single, RoundMode(c), ref fl);
        XsWrite(c, w, r, fl);
    }

    internal static void Xsadddp(Cpu c, uint w) => XsArith(c, w, XOp.Add, false);
    internal static void Xssubdp(Cpu c, uint w) => XsArith(c, w, XOp.Sub, false);
    internal static void Xsmuldp(Cpu c, uint w) => XsArith(c, w, XOp.Mul, false);
    internal static void Xsdivdp(Cpu c, uint w) => XsArith(c, w, XOp.Div, false);
    internal static void Xsaddsp(Cpu c, uint w) => XsArith(c, w, XOp.Add, true);
    internal static void Xssubsp(Cpu c, uint w) => XsArith(c, w, XOp.Sub, true);
    internal static void Xsmulsp(Cpu c, uint w) => XsArith(c, w, XOp.Mul, true);
    internal static void Xsdivsp(Cpu c, uint w) => XsArith(c, w, XOp.Div, true);

    private static void XvArith(Cpu c, uint w, XOp op, bool single)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        int rm = RoundMode(c);
        Vec128 a = c.Vsr[Xa(w)], b = c.Vsr[Xb(w)], r = default;
        if (single)
            for (int i = 0; i < 4; i++) r.SetWord(i, SpOut(Arith(op, Sp(a.GetWord(i)), Sp(b.GetWord(i)), true, rm, ref fl)));
        else
        {
            r.Dw0 = Arith(op, a.Dw0, b.Dw0, false, rm, ref fl);
            r.Dw1 = Arith(op, a.Dw1, b.Dw1, false, rm, ref fl);
        }
        XvWrite(c, w, r, fl);
    }

    internal static void Xvadddp(Cpu c, uint w) => XvArith(c, w, XOp.Add, false);
    internal static void Xvsubdp(Cpu c, uint w) => XvArith(c, w, XOp.Sub, false);
    internal static void Xvmuldp(Cpu c, uint w) => XvArith(c, w, XOp.Mul, false);
    internal static void Xvdivdp(Cpu c, uint w) => XvArith(c, w, XOp.Div, false);
    internal static void Xvaddsp(Cpu c, uint w) => XvArith(c, w, XOp.Add, true);
    internal static void Xvsubsp(Cpu c, uint w) => XvArith(c, w, XOp.Sub, true);
    internal static void Xvmulsp(Cpu c, uint w) => XvArith(c, w, XOp.Mul, true);
    internal static void Xvdivsp(Cpu c, uint w) => XvArith(c, w, XOp.Div, true);

    /// <summary>Unary element op: sqrt, estimates, round-to-integral, conversions.</summary>
    private delegate ulong Unary(ulong x, bool single, int rm, ref uint fl);

    private static void XsUnary(Cpu c, uint w, Unary f, bool single, bool setFprf = true)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        XsWrite(c, w, f(c.Vsr[Xb(w)].Dw0, single, RoundMode(c), ref fl), fl, setFprf);
    }

    private static void XvUnary(Cpu c, uint w, Unary f, bool single)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        int rm = RoundMode(c);
        Vec128 b = c.Vsr[Xb(w)], r = default;
        if (single)
            for (int i = 0; i < 4; i++) r.SetWord(i, SpOut(f(Sp(b.GetWord(i)), true, rm, ref fl)));
        else
        {
            r.Dw0 = f(b.Dw0, false, rm, ref fl);
            r.Dw1 = f(b.Dw1, false, rm, ref fl);
        }
        XvWrite(c, w, r, fl);
    }

    private static readonly Unary s_sqrt = SoftFloat.Sqrt;
    /// <summary>VSX reciprocal estimate: QEMU's VSX form gives +-inf for zero (unlike fre's +-0.5).</summary>
    private static readonly Unary s_re = static (ulong x, bool single, int rm, ref uint fl) =>
    {
        ulong r = SoftFloat.Div(0x3FF0_0000_0000_0000UL, x, false, rm, ref fl);
        return single ? SoftFloat.RoundToSingle(r, rm, ref fl) : r;
    };
    private static readonly Unary s_rsqrte = FloatEstimates.ReciprocalSqrt;
    /// <summary>
    /// xvresp/xvrsqrtesp: QEMU computes the vector single estimates in single precision
    /// (1/x, and 1/sqrt(x) as a single sqrt then a single divide); PpcSim returns the same values.
    /// </summary>
    private static readonly Unary s_reSingle = static (ulong x, bool single, int rm, ref uint fl) =>
        SoftFloat.Div(0x3FF0_0000_0000_0000UL, x, true, rm, ref fl);
    private static readonly Unary s_rsqrteSingle = static (ulong x, bool single, int rm, ref uint fl) =>
        SoftFloat.Div(0x3FF0_0000_0000_0000UL, SoftFloat.Sqrt(x, true, rm, ref fl), true, rm, ref fl);

    internal static void Xssqrtdp(Cpu c, uint w) => XsUnary(c, w, s_sqrt, false);
    internal static void Xssqrtsp(Cpu c, uint w) => XsUnary(c, w, s_sqrt, true);
    internal static void Xvsqrtdp(Cpu c, uint w) => XvUnary(c, w, s_sqrt, false);
    internal static void Xvsqrtsp(Cpu c, uint w) => XvUnary(c, w, s_sqrt, true);
    internal static void Xsredp(Cpu c, uint w) => XsUnary(c, w, s_re, false);
    internal static void Xsresp(Cpu c, uint w) => XsUnary(c, w, s_re, true);
    internal static void Xvredp(Cpu c, uint w) => XvUnary(c, w, s_re, false);
    internal static void Xvresp(Cpu c, uint w) => XvUnary(c, w, s_reSingle, true);
    internal static void Xsrsqrtedp(Cpu c, uint w) => XsUnary(c, w, s_rsqrte, false);
    internal static void Xsrsqrtesp(Cpu c, uint w) => XsUnary(c, w, s_rsqrte, true);
    internal static void Xvrsqrtedp(Cpu c, uint w) => XvUnary(c, w, s_rsqrte, false);
    internal static void Xvrsqrtesp(Cpu c, uint w) => XvUnary(c, w, s_rsqrteSingle, true);

    // ---- multiply-add: "a" forms add XT (T = A*B + T), "m" forms multiply by it (T = A*T + B) --

    private static ulong Fma(ulong a, ulong mul2, ulong addend, bool subtract, bool negate, bool single, int rm, ref uint fl)
    {
        ulong r = SoftFloat.MulAdd(a, mul2, addend, subtract, single, rm, ref fl);
        return negate && !SoftFloat.IsNaN(r) ? r ^ SoftFloat.SignBit : r;
    }

    private static void XsMadd(Cpu c, uint w, bool mForm, bool subtract, bool negate, bool single)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        ulong a = c.Vsr[Xa(w)].Dw0, b = c.Vsr[Xb(w)].Dw0, t = c.Vsr[Xt(w)].Dw0;
        ulong r = mForm ? Fma(a, t, b, subtract, negate, single, RoundMode(c), ref fl) : Fma(a, b, t, subtract, negate, single, RoundMode(c), ref fl);
        XsWrite(c, w, r, fl);
    }

    private static void XvMadd(Cpu c, uint w, bool mForm, bool subtract, bool negate, bool single)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        int rm = RoundMode(c);
        Vec128 a = c.Vsr[Xa(w)], b = c.Vsr[Xb(w)], t = c.Vsr[Xt(w)], r = default;
        if (single)
        {
            for (int i = 0; i < 4; i++)
            {
                ulong ea = Sp(a.GetWord(i)), eb = Sp(b.GetWord(i)), et = Sp(t.GetWord(i));
                ulong e = mForm ? Fma(ea, et, eb, subtract, negate, true, rm, ref fl) : Fma(ea, eb, et, subtract, negate, true, rm, ref fl);
                r.SetWord(i, SpOut(e));
            }
        }
        else
        {
            r.Dw0 = mForm ? Fma(a.Dw0, t.Dw0, b.Dw0, subtract, negate, false, rm, ref fl) : Fma(a.Dw0, b.Dw0, t.Dw0, subtract, negate, false, rm, ref fl);
            r.Dw1 = mForm ? Fma(a.Dw1, t.Dw1, b.Dw1, subtract, negate, false, rm, ref fl) : Fma(a.Dw1, b.Dw1, t.Dw1, subtract, negate, false, rm, ref fl);
        }
        XvWrite(c, w, r, fl);
    }

    internal static void Xsmaddadp(Cpu c, uint w) => XsMadd(c, w, false, false, false, false);
    internal static void Xsmaddmdp(Cpu c, uint w) => XsMadd(c, w, true, false, false, false);
    internal static void Xsmsubadp(Cpu c, uint w) => XsMadd(c, w, false, true, false, false);
    internal static void Xsmsubmdp(Cpu c, uint w) => XsMadd(c, w, true, true, false, false);
    internal static void Xsnmaddadp(Cpu c, uint w) => XsMadd(c, w, false, false, true, false);
    internal static void Xsnmaddmdp(Cpu c, uint w) => XsMadd(c, w, true, false, true, false);
    internal static void Xsnmsubadp(Cpu c, uint w) => XsMadd(c, w, false, true, true, false);
    internal static void Xsnmsubmdp(Cpu c, uint w) => XsMadd(c, w, true, true, true, false);
    internal static void Xsmaddasp(Cpu c, uint w) => XsMadd(c, w, false, false, false, true);
    internal static void Xsmaddmsp(Cpu c, uint w) => XsMadd(c, w, true, false, false, true);
    internal static void Xsmsubasp(Cpu c, uint w) => XsMadd(c, w, false, true, false, true);
    internal static void Xsmsubmsp(Cpu c, uint w) => XsMadd(c, w, true, true, false, true);
    internal static void Xsnmaddasp(Cpu c, uint w) => XsMadd(c, w, false, false, true, true);
    internal static void Xsnmaddmsp(Cpu c, uint w) => XsMadd(c, w, true, false, true, true);
    internal static void Xsnmsubasp(Cpu c, uint w) => XsMadd(c, w, false, true, true, true);
    internal static void Xsnmsubmsp(Cpu c, uint w) => XsMadd(c, w, true, true, true, true);
    internal static void Xvmaddadp(Cpu c, uint w) => XvMadd(c, w, false, false, false, false);
    internal static void Xvmaddmdp(Cpu c, uint w) => XvMadd(c, w, true, false, false, false);
    internal static void Xvmsubadp(Cpu c, uint w) => XvMadd(c, w, false, true, false, false);
    internal static void Xvmsubmdp(Cpu c, uint w) => XvMadd(c, w, true, true, false, false);
    internal static void Xvnmaddadp(Cpu c, uint w) => XvMadd(c, w, false, false, true, false);
    internal static void Xvnmaddmdp(Cpu c, uint w) => XvMadd(c, w, true, false, true, false);
    internal static void Xvnmsubadp(Cpu c, uint w) => XvMadd(c, w, false, true, true, false);
    internal static void Xvnmsubmdp(Cpu c, uint w) => XvMadd(c, w, true, true, true, false);
    internal static void Xvmaddasp(Cpu c, uint w) => XvMadd(c, w, false, false, false, true);
    internal static void Xvmaddmsp(Cpu c, uint w) => XvMadd(c, w, true, false, false, true);
    internal static void Xvmsubasp(Cpu c, uint w) => XvMadd(c, w, false, true, false, true);
    internal static void Xvmsubmsp(Cpu c, uint w) => XvMadd(c, w, true, true, false, true);
    internal static void Xvnmaddasp(Cpu c, uint w) => XvMadd(c, w, false, false, true, true);
    internal static void Xvnmaddmsp(Cpu c, uint w) => XvMadd(c, w, true, false, true, true);
    internal static void Xvnmsubasp(Cpu c, uint w) => XvMadd(c, w, false, true, true, true);
    internal static void Xvnmsubmsp(Cpu c, uint w) => XvMadd(c, w, true, true, true, true);

    // ---- sign manipulation (no exceptions) --------------------------------------------------

    private const ulong SpSigns = 0x8000_0000_8000_0000UL;

    private static void XsSign(Cpu c, uint w, int kind)
    {
        if (!VsxEnter(c)) return;
        ulong b = c.Vsr[Xb(w)].Dw0;
        ulong r = kind switch { 0 => b & ~SoftFloat.SignBit, 1 => b | SoftFloat.SignBit, 2 => b ^ SoftFloat.SignBit, _ => (c.Vsr[Xa(w)].Dw0 & SoftFloat.SignBit) | (b & ~SoftFloat.SignBit) };
        c.Vsr[Xt(w)] = new Vec128(r, 0);
    }

    private static void XvSign(Cpu c, uint w, int kind, bool single)
    {
        if (!VsxEnter(c)) return;
        ulong m = single ? SpSigns : SoftFloat.SignBit;
        Vec128 b = c.Vsr[Xb(w)], a = c.Vsr[Xa(w)];
        ulong F(ulong x, ulong y) => kind switch { 0 => x & ~m, 1 => x | m, 2 => x ^ m, _ => (y & m) | (x & ~m) };
        c.Vsr[Xt(w)] = new Vec128(F(b.Dw0, a.Dw0), F(b.Dw1, a.Dw1));
    }

    internal static void Xsabsdp(Cpu c, uint w) => XsSign(c, w, 0);
    internal static void Xsnabsdp(Cpu c, uint w) => XsSign(c, w, 1);
    internal static void Xsnegdp(Cpu c, uint w) => XsSign(c, w, 2);
    internal static void Xscpsgndp(Cpu c, uint w) => XsSign(c, w, 3);
    internal static void Xvabsdp(Cpu c, uint w) => XvSign(c, w, 0, false);
    internal static void Xvnabsdp(Cpu c, uint w) => XvSign(c, w, 1, false);
    internal static void Xvnegdp(Cpu c, uint w) => XvSign(c, w, 2, false);
    internal static void Xvcpsgndp(Cpu c, uint w) => XvSign(c, w, 3, false);
    internal static void Xvabssp(Cpu c, uint w) => XvSign(c, w, 0, true);
    internal static void Xvnabssp(Cpu c, uint w) => XvSign(c, w, 1, true);
    internal static void Xvnegsp(Cpu c, uint w) => XvSign(c, w, 2, true);
    internal static void Xvcpsgnsp(Cpu c, uint w) => XvSign(c, w, 3, true);

    // ---- compares ---------------------------------------------------------------------------

    private static void XsCompareCr(Cpu c, uint w, bool ordered)
    {
        if (!VsxEnter(c)) return;
        ulong a = c.Vsr[Xa(w)].Dw0, b = c.Vsr[Xb(w)].Dw0;
        uint cc = SoftFloat.Compare(a, b);
        uint fl = 0;
        bool snan = SoftFloat.IsSNaN(a) || SoftFloat.IsSNaN(b);
        if (snan) fl |= VXSNAN;
        if (ordered && cc == 1 && (!snan || (c.Fpscr & VE) == 0)) fl |= VXVC;
        SetCrField(c, Bf(w), cc);
        ulong keep = c.Fpscr & (FR | FI); // compares leave FR and FI alone
        FpApply(c, fl, 0, false, out bool raise);
        c.Fpscr = (c.Fpscr & ~(ulong)(FPCC | FR | FI)) | ((ulong)cc << FprfShift) | keep;
        if (raise) FpRaise(c);
    }

    internal static void Xscmpudp(Cpu c, uint w) => XsCompareCr(c, w, false);
    internal static void Xscmpodp(Cpu c, uint w) => XsCompareCr(c, w, true);

    /// <summary>Predicate compare of one element; eq never signals on QNaN, gt/ge do (VXVC).</summary>
    private static bool Pred(int kind, ulong a, ulong b, ref uint fl)
    {
        bool snan = SoftFloat.IsSNaN(a) || SoftFloat.IsSNaN(b);
        uint cc = SoftFloat.Compare(a, b);
        if (snan) fl |= VXSNAN;
        if (kind != 0 && cc == 1) fl |= VXVC;
        return kind switch { 0 => cc == 2, 1 => cc == 4, _ => cc == 4 || cc == 2 };
    }

    private static void XsCmpMask(Cpu c, uint w, int kind)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        bool t = Pred(kind, c.Vsr[Xa(w)].Dw0, c.Vsr[Xb(w)].Dw0, ref fl);
        ulong keep = c.Fpscr & (FR | FI);
        bool write = FpApply(c, fl, 0, false, out bool raise);
        c.Fpscr = (c.Fpscr & ~(ulong)(FR | FI)) | keep;
        if (write) c.Vsr[Xt(w)] = new Vec128(t ? ulong.MaxValue : 0, 0);
        if (raise) FpRaise(c);
    }

    internal static void Xscmpeqdp(Cpu c, uint w) => XsCmpMask(c, w, 0);
    internal static void Xscmpgtdp(Cpu c, uint w) => XsCmpMask(c, w, 1);
    internal static void Xscmpgedp(Cpu c, uint w) => XsCmpMask(c, w, 2);

    private static void XvCmp(Cpu c, uint w, int kind, bool single)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        Vec128 a = c.Vsr[Xa(w)], b = c.Vsr[Xb(w)], r = default;
        int n = single ? 4 : 2, trues = 0;
        for (int i = 0; i < n; i++)
        {
            bool t = single ? Pred(kind, Sp(a.GetWord(i)), Sp(b.GetWord(i)), ref fl) : Pred(kind, i == 0 ? a.Dw0 : a.Dw1, i == 0 ? b.Dw0 : b.Dw1, ref fl);
            if (t) trues++;
            if (single) r.SetWord(i, t ? uint.MaxValue : 0);
            else if (i == 0) r.Dw0 = t ? ulong.MaxValue : 0;
            else r.Dw1 = t ? ulong.MaxValue : 0;
        }
        ulong keep = c.Fpscr & (FR | FI);
        bool write = FpApply(c, fl, 0, false, out bool raise);
        c.Fpscr = (c.Fpscr & ~(ulong)(FR | FI)) | keep;
        if (write) c.Vsr[Xt(w)] = r;
        // Rc=1 (bit 21): CR6 = all true, 0, none true, 0.
        if ((w & 0x400) != 0) SetCrField(c, 6, (trues == n ? 8u : 0u) | (trues == 0 ? 2u : 0u));
        if (raise) FpRaise(c);
    }

    internal static void Xvcmpeqdp(Cpu c, uint w) => XvCmp(c, w, 0, false);
    internal static void Xvcmpgtdp(Cpu c, uint w) => XvCmp(c, w, 1, false);
    internal static void Xvcmpgedp(Cpu c, uint w) => XvCmp(c, w, 2, false);
    internal static void Xvcmpeqsp(Cpu c, uint w) => XvCmp(c, w, 0, true);
    internal static void Xvcmpgtsp(Cpu c, uint w) => XvCmp(c, w, 1, true);
    internal static void Xvcmpgesp(Cpu c, uint w) => XvCmp(c, w, 2, true);

    // ---- conversions and rounding -------------------------------------------------------------

    internal static void Xsrsp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        XsWrite(c, w, SoftFloat.RoundToSingle(c.Vsr[Xb(w)].Dw0, RoundMode(c), ref fl), fl);
    }

    /// <summary>xscvdpsp: the single result in word 0 (and, as QEMU does, word 1).</summary>
    internal static void Xscvdpsp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        ulong r = SoftFloat.RoundToSingle(c.Vsr[Xb(w)].Dw0, RoundMode(c), ref fl);
        uint s = SpOut(r);
        if (FpApply(c, fl, SoftFloat.FprfSingle(r), true, out bool raise)) c.Vsr[Xt(w)] = new Vec128(((ulong)s << 32) | s, 0);
        if (raise) FpRaise(c);
    }

    internal static void Xscvdpspn(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        uint s = SpOut(c.Vsr[Xb(w)].Dw0);
        c.Vsr[Xt(w)] = new Vec128(((ulong)s << 32) | s, 0);
    }

    internal static void Xscvspdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        ulong x = Sp(c.Vsr[Xb(w)].GetWord(0));
        uint fl = SoftFloat.IsSNaN(x) ? VXSNAN : 0;
        if (SoftFloat.IsNaN(x)) x |= SoftFloat.QuietBit;
        XsWrite(c, w, x, fl);
    }

    internal static void Xscvspdpn(Cpu c, uint w)
    {
        if (VsxEnter(c)) c.Vsr[Xt(w)] = new Vec128(Sp(c.Vsr[Xb(w)].GetWord(0)), 0);
    }

    internal static void Xvcvdpsp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        int rm = RoundMode(c);
        Vec128 b = c.Vsr[Xb(w)], r = default;
        uint s0 = SpOut(SoftFloat.RoundToSingle(b.Dw0, rm, ref fl)), s1 = SpOut(SoftFloat.RoundToSingle(b.Dw1, rm, ref fl));
        r.SetWord(0, s0); r.SetWord(1, s0); r.SetWord(2, s1); r.SetWord(3, s1);
        XvWrite(c, w, r, fl);
    }

    internal static void Xvcvspdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        Vec128 b = c.Vsr[Xb(w)];
        ulong Cv(uint s, ref uint f)
        {
            ulong x = Sp(s);
            if (SoftFloat.IsSNaN(x)) f |= VXSNAN;
            return SoftFloat.IsNaN(x) ? x | SoftFloat.QuietBit : x;
        }
        XvWrite(c, w, new Vec128(Cv(b.GetWord(0), ref fl), Cv(b.GetWord(2), ref fl)), fl);
    }

    private static void XsToInt(Cpu c, uint w, bool signed, int bits)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        ulong r = SoftFloat.ToInt(c.Vsr[Xb(w)].Dw0, signed, bits, 1, ref fl);
        if (bits == 32) r = ((ulong)(uint)r << 32) | (uint)r; // word 1 of XT, duplicated into word 0 as QEMU does
        // FPRF is not modified by the VSX conversions to integer (ISA 7.6.1.x), invalid or not.
        if (FpApply(c, fl, 0, false, out bool raise)) c.Vsr[Xt(w)] = new Vec128(r, 0);
        if (raise) FpRaise(c);
    }

    internal static void Xscvdpsxds(Cpu c, uint w) => XsToInt(c, w, true, 64);
    internal static void Xscvdpuxds(Cpu c, uint w) => XsToInt(c, w, false, 64);
    internal static void Xscvdpsxws(Cpu c, uint w) => XsToInt(c, w, true, 32);
    internal static void Xscvdpuxws(Cpu c, uint w) => XsToInt(c, w, false, 32);

    private static void XsFromInt(Cpu c, uint w, bool signed, bool single)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        XsWrite(c, w, SoftFloat.FromInt(c.Vsr[Xb(w)].Dw0, signed, single, RoundMode(c), ref fl), fl);
    }

    internal static void Xscvsxddp(Cpu c, uint w) => XsFromInt(c, w, true, false);
    internal static void Xscvuxddp(Cpu c, uint w) => XsFromInt(c, w, false, false);
    internal static void Xscvsxdsp(Cpu c, uint w) => XsFromInt(c, w, true, true);
    internal static void Xscvuxdsp(Cpu c, uint w) => XsFromInt(c, w, false, true);

    private static void XsRound(Cpu c, uint w, int mode)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        ulong r = SoftFloat.RoundToIntegral(c.Vsr[Xb(w)].Dw0, mode < 0 ? RoundMode(c) : mode, ref fl, out bool inexact);
        if (mode < 0 && inexact) fl |= XX | FI; // xsrdpic signals inexact; the others do not
        XsWrite(c, w, r, fl);
    }

    internal static void Xsrdpi(Cpu c, uint w) => XsRound(c, w, 4);
    internal static void Xsrdpic(Cpu c, uint w) => XsRound(c, w, -1);
    internal static void Xsrdpim(Cpu c, uint w) => XsRound(c, w, 3);
    internal static void Xsrdpip(Cpu c, uint w) => XsRound(c, w, 2);
    internal static void Xsrdpiz(Cpu c, uint w) => XsRound(c, w, 1);

    private static void XvRound(Cpu c, uint w, int mode, bool single)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        int m = mode < 0 ? RoundMode(c) : mode;
        ulong F(ulong x, ref uint f)
        {
            ulong r = SoftFloat.RoundToIntegral(x, m, ref f, out bool inexact);
            if (mode < 0 && inexact) f |= XX;
            return r;
        }
        Vec128 b = c.Vsr[Xb(w)], res = default;
        if (single)
            for (int i = 0; i < 4; i++) res.SetWord(i, SpOut(F(Sp(b.GetWord(i)), ref fl)));
        else
        {
            res.Dw0 = F(b.Dw0, ref fl);
            res.Dw1 = F(b.Dw1, ref fl);
        }
        XvWrite(c, w, res, fl);
    }

    internal static void Xvrdpi(Cpu c, uint w) => XvRound(c, w, 4, false);
    internal static void Xvrdpic(Cpu c, uint w) => XvRound(c, w, -1, false);
    internal static void Xvrdpim(Cpu c, uint w) => XvRound(c, w, 3, false);
    internal static void Xvrdpip(Cpu c, uint w) => XvRound(c, w, 2, false);
    internal static void Xvrdpiz(Cpu c, uint w) => XvRound(c, w, 1, false);
    internal static void Xvrspi(Cpu c, uint w) => XvRound(c, w, 4, true);
    internal static void Xvrspic(Cpu c, uint w) => XvRound(c, w, -1, true);
    internal static void Xvrspim(Cpu c, uint w) => XvRound(c, w, 3, true);
    internal static void Xvrspip(Cpu c, uint w) => XvRound(c, w, 2, true);
    internal static void Xvrspiz(Cpu c, uint w) => XvRound(c, w, 1, true);

    // ---- tests ------------------------------------------------------------------------------

    internal static void Xstdivdp(Cpu c, uint w)
    {
        if (VsxEnter(c)) SetCrField(c, Bf(w), FloatEstimates.TestDivide(c.Vsr[Xa(w)].Dw0, c.Vsr[Xb(w)].Dw0));
    }

    internal static void Xstsqrtdp(Cpu c, uint w)
    {
        if (VsxEnter(c)) SetCrField(c, Bf(w), FloatEstimates.TestSqrt(c.Vsr[Xb(w)].Dw0));
    }

    // ---- exponent/significand (ISA 3.0) -------------------------------------------------------

    internal static void Xsxexpdp(Cpu c, uint w)
    {
        if (VsxEnter(c)) c.Gpr[Rt(w)] = (c.Vsr[Xb(w)].Dw0 >> 52) & 0x7ff;
    }

    internal static void Xsxsigdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        ulong x = c.Vsr[Xb(w)].Dw0;
        ulong e = (x >> 52) & 0x7ff;
        c.Gpr[Rt(w)] = (x & SoftFloat.FracMask) | (e != 0 && e != 0x7ff ? 1UL << 52 : 0);
    }

    internal static void Xsiexpdp(Cpu c, uint w)
    {
        if (VsxEnter(c)) c.Vsr[Xt(w)] = new Vec128((c.Gpr[Ra(w)] & 0x800F_FFFF_FFFF_FFFFUL) | ((c.Gpr[Rb(w)] & 0x7ff) << 52), 0);
    }

    // ---- maximum and minimum (ISA 7.6.1: FX and VXSNAN only; FR, FI, FPRF unchanged) -----------

    private enum MinMax { Max, Min, MaxC, MinC, MaxJ, MinJ }

    /// <summary>
    /// One element of a max/min. xsmaxdp/xvmax*: IEEE maxNum (a QNaN loses to a number, an SNaN
    /// operand gives the first NaN operand quieted, max(+0,-0) = +0). The "c" forms are C's (a &gt; b) ? a : b, giving
    /// src2 unchanged when either is a NaN; the "j" forms are Java's, giving the first NaN unchanged.
    /// </summary>
    private static ulong MaxMinElement(MinMax kind, ulong a, ulong b, ref uint fl)
    {
        bool nanA = SoftFloat.IsNaN(a), nanB = SoftFloat.IsNaN(b);
        if (SoftFloat.IsSNaN(a) || SoftFloat.IsSNaN(b)) fl |= VXSNAN;
        bool max = kind is MinMax.Max or MinMax.MaxC or MinMax.MaxJ;
        switch (kind)
        {
            case MinMax.MaxC:
            case MinMax.MinC:
                if (nanA || nanB) return b;
                return SoftFloat.Compare(a, b) == (max ? 4u : 8u) ? a : b;
            case MinMax.MaxJ:
            case MinMax.MinJ:
                if (nanA) return a;
                if (nanB) return b;
                break;
            default:
                // An SNaN operand makes the result a quieted NaN: the first NaN operand, as for
                // the arithmetic instructions; a QNaN alone loses to a number.
                if (SoftFloat.IsSNaN(a) || SoftFloat.IsSNaN(b)) return (nanA ? a : b) | SoftFloat.QuietBit;
                if (nanA) return nanB ? a : b;
                if (nanB) return a;
                break;
        }
        if (SoftFloat.IsZero(a) && SoftFloat.IsZero(b))
            return max ? a & b : a | b; // +0 wins a max, -0 a min
        uint cc = SoftFloat.Compare(a, b);
        return cc == (max ? 4u : 8u) ? a : b;
    }

    private static void XsMaxMin(Cpu c, uint w, MinMax kind)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        ulong r = MaxMinElement(kind, c.Vsr[Xa(w)].Dw0, c.Vsr[Xb(w)].Dw0, ref fl);
        XvWrite(c, w, new Vec128(r, 0), fl);
    }

    private static void XvMaxMin(Cpu c, uint w, bool max, bool single)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        MinMax kind = max ? MinMax.Max : MinMax.Min;
        Vec128 a = c.Vsr[Xa(w)], b = c.Vsr[Xb(w)], r = default;
        if (single)
            for (int i = 0; i < 4; i++) r.SetWord(i, SpOut(MaxMinElement(kind, Sp(a.GetWord(i)), Sp(b.GetWord(i)), ref fl)));
        else
        {
            r.Dw0 = MaxMinElement(kind, a.Dw0, b.Dw0, ref fl);
            r.Dw1 = MaxMinElement(kind, a.Dw1, b.Dw1, ref fl);
        }
        XvWrite(c, w, r, fl);
    }

    internal static void Xsmaxdp(Cpu c, uint w) => XsMaxMin(c, w, MinMax.Max);
    internal static void Xsmindp(Cpu c, uint w) => XsMaxMin(c, w, MinMax.Min);
    internal static void Xsmaxcdp(Cpu c, uint w) => XsMaxMin(c, w, MinMax.MaxC);
    internal static void Xsmincdp(Cpu c, uint w) => XsMaxMin(c, w, MinMax.MinC);
    internal static void Xsmaxjdp(Cpu c, uint w) => XsMaxMin(c, w, MinMax.MaxJ);
    internal static void Xsminjdp(Cpu c, uint w) => XsMaxMin(c, w, MinMax.MinJ);
    internal static void Xvmaxdp(Cpu c, uint w) => XvMaxMin(c, w, true, false);
    internal static void Xvmindp(Cpu c, uint w) => XvMaxMin(c, w, false, false);
    internal static void Xvmaxsp(Cpu c, uint w) => XvMaxMin(c, w, true, true);
    internal static void Xvminsp(Cpu c, uint w) => XvMaxMin(c, w, false, true);

    // ---- exponent compare and data-class tests (ISA 3.0) --------------------------------------

    /// <summary>CR field BF and FPSCR[FPCC] both get <paramref name="cc"/>; nothing else changes.</summary>
    private static void SetCrAndFpcc(Cpu c, uint w, uint cc)
    {
        SetCrField(c, Bf(w), cc);
        c.Fpscr = (c.Fpscr & ~(ulong)FPCC) | ((ulong)cc << FprfShift);
    }

    internal static void Xscmpexpdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        ulong a = c.Vsr[Xa(w)].Dw0, b = c.Vsr[Xb(w)].Dw0;
        ulong ea = (a >> 52) & 0x7ff, eb = (b >> 52) & 0x7ff;
        uint cc = SoftFloat.IsNaN(a) || SoftFloat.IsNaN(b) ? 1u : ea < eb ? 8u : ea > eb ? 4u : 2u;
        SetCrAndFpcc(c, w, cc);
    }

    /// <summary>
    /// DCMX match (ISA 7.6.1 xststdc*): bit 6 NaN, 5 +Inf, 4 -Inf, 3 +0, 2 -0, 1 +denormal, 0 -denormal
    /// (DCMX bit 0, the msb, is the NaN bit).
    /// </summary>
    private static bool DataClassMatch(int dcmx, bool nan, bool inf, bool zero, bool denormal, bool neg)
    {
        int bit = nan ? 6 : inf ? (neg ? 4 : 5) : zero ? (neg ? 2 : 3) : denormal ? (neg ? 0 : 1) : -1;
        return bit >= 0 && ((dcmx >> bit) & 1) != 0;
    }

    private static bool DataClassDouble(int dcmx, ulong x) =>
        DataClassMatch(dcmx, SoftFloat.IsNaN(x), SoftFloat.IsInf(x), SoftFloat.IsZero(x), SoftFloat.IsDenormal(x), SoftFloat.IsNeg(x));

    private static bool DataClassSingle(int dcmx, uint x)
    {
        uint e = (x >> 23) & 0xff, f = x & 0x7f_ffff;
        return DataClassMatch(dcmx, e == 0xff && f != 0, e == 0xff && f == 0, e == 0 && f == 0, e == 0 && f != 0, (x >> 31) != 0);
    }

    internal static void Xststdcdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        ulong x = c.Vsr[Xb(w)].Dw0;
        SetCrAndFpcc(c, w, (SoftFloat.IsNeg(x) ? 8u : 0u) | (DataClassDouble(Dcmx7(w), x) ? 2u : 0u));
    }

    /// <summary>
    /// xststdcsp tests the double in dword 0 as a single: "denormal" means below the single normal
    /// range, and the FU bit reports a value that is not exactly a single (not_SP).
    /// </summary>
    internal static void Xststdcsp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        ulong x = c.Vsr[Xb(w)].Dw0;
        int be = (int)((x >> 52) & 0x7ff);
        bool nan = SoftFloat.IsNaN(x), inf = SoftFloat.IsInf(x), zero = SoftFloat.IsZero(x);
        bool denormal = !nan && !inf && !zero && be < 1023 - 126;
        bool match = DataClassMatch(Dcmx7(w), nan, inf, zero, denormal, SoftFloat.IsNeg(x));
        bool notSp = Sp(SpOut(x)) != x;
        SetCrAndFpcc(c, w, (SoftFloat.IsNeg(x) ? 8u : 0u) | (match ? 2u : 0u) | (notSp ? 1u : 0u));
    }

    internal static void Xvtstdcdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        Vec128 b = c.Vsr[Xb(w)];
        int m = Dcmx(w);
        c.Vsr[Xt(w)] = new Vec128(DataClassDouble(m, b.Dw0) ? ulong.MaxValue : 0, DataClassDouble(m, b.Dw1) ? ulong.MaxValue : 0);
    }

    internal static void Xvtstdcsp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        Vec128 b = c.Vsr[Xb(w)], r = default;
        int m = Dcmx(w);
        for (int i = 0; i < 4; i++) r.SetWord(i, DataClassSingle(m, b.GetWord(i)) ? uint.MaxValue : 0);
        c.Vsr[Xt(w)] = r;
    }

    // ---- vector tests for divide and square root ------------------------------------------------

    internal static void Xvtdivdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        Vec128 a = c.Vsr[Xa(w)], b = c.Vsr[Xb(w)];
        SetCrField(c, Bf(w), FloatEstimates.TestDivide(a.Dw0, b.Dw0) | FloatEstimates.TestDivide(a.Dw1, b.Dw1));
    }

    internal static void Xvtdivsp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        Vec128 a = c.Vsr[Xa(w)], b = c.Vsr[Xb(w)];
        uint cc = 0;
        for (int i = 0; i < 4; i++) cc |= FloatEstimates.TestDivideSingle(a.GetWord(i), b.GetWord(i));
        SetCrField(c, Bf(w), cc);
    }

    internal static void Xvtsqrtdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        Vec128 b = c.Vsr[Xb(w)];
        SetCrField(c, Bf(w), FloatEstimates.TestSqrt(b.Dw0) | FloatEstimates.TestSqrt(b.Dw1));
    }

    internal static void Xvtsqrtsp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        Vec128 b = c.Vsr[Xb(w)];
        uint cc = 0;
        for (int i = 0; i < 4; i++) cc |= FloatEstimates.TestSqrtSingle(b.GetWord(i));
        SetCrField(c, Bf(w), cc);
    }

    // ---- half precision (ISA 3.0) -------------------------------------------------------------

    /// <summary>xscvhpdp: the half in dword 0 bits 48:63 to double (exact); FPRF set, FR/FI cleared.</summary>
    internal static void Xscvhpdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        ulong x = SoftFloat.FromHalfBits((ushort)c.Vsr[Xb(w)].Dw0);
        uint fl = SoftFloat.IsSNaN(x) ? VXSNAN : 0;
        if (SoftFloat.IsNaN(x)) x |= SoftFloat.QuietBit;
        XsWrite(c, w, x, fl);
    }

    /// <summary>xscvdphp: double to half in dword 0 bits 48:63 (the rest zero); FPRF classes the half.</summary>
    internal static void Xscvdphp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        ushort h = SoftFloat.ToHalf(c.Vsr[Xb(w)].Dw0, RoundMode(c), ref fl);
        if (FpApply(c, fl, SoftFloat.FprfHalf(h), true, out bool raise)) c.Vsr[Xt(w)] = new Vec128(h, 0);
        if (raise) FpRaise(c);
    }

    /// <summary>xvcvhpsp: the half in the low halfword of each word to single.</summary>
    internal static void Xvcvhpsp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        Vec128 b = c.Vsr[Xb(w)], r = default;
        for (int i = 0; i < 4; i++)
        {
            ulong x = SoftFloat.FromHalfBits((ushort)b.GetWord(i));
            if (SoftFloat.IsSNaN(x)) fl |= VXSNAN;
            if (SoftFloat.IsNaN(x)) x |= SoftFloat.QuietBit;
            r.SetWord(i, SpOut(x));
        }
        XvWrite(c, w, r, fl);
    }

    /// <summary>xvcvsphp: each single to a half in the low halfword of its word (high halfword zero).</summary>
    internal static void Xvcvsphp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        int rm = RoundMode(c);
        Vec128 b = c.Vsr[Xb(w)], r = default;
        for (int i = 0; i < 4; i++) r.SetWord(i, SoftFloat.ToHalf(Sp(b.GetWord(i)), rm, ref fl));
        XvWrite(c, w, r, fl);
    }

    // ---- vector exponent/significand insert and extract (ISA 3.0) -------------------------------

    internal static void Xviexpdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        Vec128 a = c.Vsr[Xa(w)], b = c.Vsr[Xb(w)];
        const ulong keep = 0x800F_FFFF_FFFF_FFFFUL;
        c.Vsr[Xt(w)] = new Vec128((a.Dw0 & keep) | ((b.Dw0 & 0x7ff) << 52), (a.Dw1 & keep) | ((b.Dw1 & 0x7ff) << 52));
    }

    internal static void Xviexpsp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        Vec128 a = c.Vsr[Xa(w)], b = c.Vsr[Xb(w)], r = default;
        for (int i = 0; i < 4; i++) r.SetWord(i, (a.GetWord(i) & 0x807F_FFFFu) | ((b.GetWord(i) & 0xff) << 23));
        c.Vsr[Xt(w)] = r;
    }

    internal static void Xvxexpdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        Vec128 b = c.Vsr[Xb(w)];
        c.Vsr[Xt(w)] = new Vec128((b.Dw0 >> 52) & 0x7ff, (b.Dw1 >> 52) & 0x7ff);
    }

    internal static void Xvxexpsp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        Vec128 b = c.Vsr[Xb(w)], r = default;
        for (int i = 0; i < 4; i++) r.SetWord(i, (b.GetWord(i) >> 23) & 0xff);
        c.Vsr[Xt(w)] = r;
    }

    private static ulong SigDouble(ulong x)
    {
        ulong e = (x >> 52) & 0x7ff;
        return (x & SoftFloat.FracMask) | (e != 0 && e != 0x7ff ? 1UL << 52 : 0);
    }

    internal static void Xvxsigdp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        Vec128 b = c.Vsr[Xb(w)];
        c.Vsr[Xt(w)] = new Vec128(SigDouble(b.Dw0), SigDouble(b.Dw1));
    }

    internal static void Xvxsigsp(Cpu c, uint w)
    {
        if (!VsxEnter(c)) return;
        Vec128 b = c.Vsr[Xb(w)], r = default;
        for (int i = 0; i < 4; i++)
        {
            uint x = b.GetWord(i), e = (x >> 23) & 0xff;
            r.SetWord(i, (x & 0x7f_ffff) | (e != 0 && e != 0xff ? 1u << 23 : 0));
        }
        c.Vsr[Xt(w)] = r;
    }

    // ---- vector conversions between integer and floating point ----------------------------------

    /// <summary>Integer to float: dword sources (word sources at words 0 and 2 for the *w*dp forms).</summary>
    private static void XvFromInt(Cpu c, uint w, bool signed, bool wordSource, bool singleResult)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        int rm = RoundMode(c);
        Vec128 b = c.Vsr[Xb(w)], r = default;
        ulong Src(uint v) => signed ? (ulong)(long)(int)v : v;
        if (wordSource && singleResult)
        {
            for (int i = 0; i < 4; i++) r.SetWord(i, SpOut(SoftFloat.FromInt(Src(b.GetWord(i)), signed, true, rm, ref fl)));
        }
        else if (wordSource)
        {
            r.Dw0 = SoftFloat.FromInt(Src(b.GetWord(0)), signed, false, rm, ref fl);
            r.Dw1 = SoftFloat.FromInt(Src(b.GetWord(2)), signed, false, rm, ref fl);
        }
        else if (singleResult)
        {
            // The single goes to word 2i and, as QEMU and xscvdpsp do, is repeated in word 2i+1.
            uint s0 = SpOut(SoftFloat.FromInt(b.Dw0, signed, true, rm, ref fl));
            uint s1 = SpOut(SoftFloat.FromInt(b.Dw1, signed, true, rm, ref fl));
            r = new Vec128(((ulong)s0 << 32) | s0, ((ulong)s1 << 32) | s1);
        }
        else
        {
            r.Dw0 = SoftFloat.FromInt(b.Dw0, signed, false, rm, ref fl);
            r.Dw1 = SoftFloat.FromInt(b.Dw1, signed, false, rm, ref fl);
        }
        XvWrite(c, w, r, fl);
    }

    internal static void Xvcvsxwdp(Cpu c, uint w) => XvFromInt(c, w, true, true, false);
    internal static void Xvcvuxwdp(Cpu c, uint w) => XvFromInt(c, w, false, true, false);
    internal static void Xvcvsxddp(Cpu c, uint w) => XvFromInt(c, w, true, false, false);
    internal static void Xvcvuxddp(Cpu c, uint w) => XvFromInt(c, w, false, false, false);
    internal static void Xvcvsxwsp(Cpu c, uint w) => XvFromInt(c, w, true, true, true);
    internal static void Xvcvuxwsp(Cpu c, uint w) => XvFromInt(c, w, false, true, true);
    internal static void Xvcvsxdsp(Cpu c, uint w) => XvFromInt(c, w, true, false, true);
    internal static void Xvcvuxdsp(Cpu c, uint w) => XvFromInt(c, w, false, false, true);

    /// <summary>Float to integer, truncating: dp sources are the dwords, sp sources the words (words 0 and 2 for *spsxds).</summary>
    private static void XvToInt(Cpu c, uint w, bool signed, bool singleSource, int bits)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        Vec128 b = c.Vsr[Xb(w)], r = default;
        ulong Cv(ulong x, ref uint f) => SoftFloat.ToInt(x, signed, bits, 1, ref f);
        if (singleSource && bits == 32)
        {
            for (int i = 0; i < 4; i++) r.SetWord(i, (uint)Cv(Sp(b.GetWord(i)), ref fl));
        }
        else if (singleSource)
        {
            r.Dw0 = Cv(Sp(b.GetWord(0)), ref fl);
            r.Dw1 = Cv(Sp(b.GetWord(2)), ref fl);
        }
        else if (bits == 32)
        {
            // The word goes to word 2i and, as QEMU and xscvdpsxws do, is repeated in word 2i+1.
            uint w0 = (uint)Cv(b.Dw0, ref fl), w1 = (uint)Cv(b.Dw1, ref fl);
            r = new Vec128(((ulong)w0 << 32) | w0, ((ulong)w1 << 32) | w1);
        }
        else
        {
            r.Dw0 = Cv(b.Dw0, ref fl);
            r.Dw1 = Cv(b.Dw1, ref fl);
        }
        XvWrite(c, w, r, fl);
    }

    internal static void Xvcvdpsxws(Cpu c, uint w) => XvToInt(c, w, true, false, 32);
    internal static void Xvcvdpuxws(Cpu c, uint w) => XvToInt(c, w, false, false, 32);
    internal static void Xvcvdpsxds(Cpu c, uint w) => XvToInt(c, w, true, false, 64);
    internal static void Xvcvdpuxds(Cpu c, uint w) => XvToInt(c, w, false, false, 64);
    internal static void Xvcvspsxws(Cpu c, uint w) => XvToInt(c, w, true, true, 32);
    internal static void Xvcvspuxws(Cpu c, uint w) => XvToInt(c, w, false, true, 32);
    internal static void Xvcvspsxds(Cpu c, uint w) => XvToInt(c, w, true, true, 64);
    internal static void Xvcvspuxds(Cpu c, uint w) => XvToInt(c, w, false, true, 64);
}
