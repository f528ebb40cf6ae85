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

    internal static void Xssqrtdp(Cpu c, uint w) => XsUnary(c, w, s_sqrt, false);
    internal static void Xssqrtsp(Cpu c, uint w) => XsUnary(c, w, s_sqrt, true);
    internal static void Xvsqrtdp(Cpu c, uint w) => XvUnary(c, w, s_sqrt, false);
    internal static void Xvsqrtsp(Cpu c, uint w) => XvUnary(c, w, s_sqrt, true);
    internal static void Xsredp(Cpu c, uint w) => XsUnary(c, w, s_re, false);
    internal static void Xsresp(Cpu c, uint w) => XsUnary(c, w, s_re, true);
    internal static void Xvredp(Cpu c, uint w) => XvUnary(c, w, s_re, false);
    internal static void Xvresp(Cpu c, uint w) => XvUnary(c, w, s_re, true);
    internal static void Xsrsqrtedp(Cpu c, uint w) => XsUnary(c, w, s_rsqrte, false);
    internal static void Xsrsqrtesp(Cpu c, uint w) => XsUnary(c, w, s_rsqrte, true);
    internal static void Xvrsqrtedp(Cpu c, uint w) => XvUnary(c, w, s_rsqrte, false);
    internal static void Xvrsqrtesp(Cpu c, uint w) => XvUnary(c, w, s_rsqrte, true);

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
}
