using static PpcSim.Core.FpscrBits;

namespace PpcSim.Core;

/// <summary>
/// IEEE 754 binary128 (quad precision, ISA 3.0 xs*qp) on raw UInt128 patterns, exactly rounded
/// in the four FPSCR[RN] modes, nearest-ties-away (4) and round to odd (5). The 113-bit
/// significand leaves too little room in a UInt128 for exact products, quotients and roots, so
/// those form their exact result in 256 bits (a hi:lo pair of UInt128) or digit by digit, then
/// jam everything below bit 126 into a sticky bit and round once (<see cref="RoundPack"/>).
/// Flags are SoftFloat's FPSCR masks; tininess is detected before rounding (ISA 4.4.4).
/// </summary>
internal static class SoftFloat128
{
    public static readonly UInt128 SignBit = UInt128.One << 127;
    public static readonly UInt128 ExpMask = (UInt128)0x7FFF << 112;
    public static readonly UInt128 FracMask = (UInt128.One << 112) - 1;
    public static readonly UInt128 QuietBit = UInt128.One << 111;
    public static readonly UInt128 Inf = (UInt128)0x7FFF << 112;
    public static readonly UInt128 DefaultNaN = ((UInt128)0x7FFF << 112) | (UInt128.One << 111);
    private const int Bias = 16383;
    private const int Emin = -16382;
    private const int Emax = 16383;
    /// <summary>Exponent of a quad denormal's lsb.</summary>
    private const int DenormExp = Emin - 112;

    public static UInt128 FromVec(Vec128 v) => ((UInt128)v.Dw0 << 64) | v.Dw1;
    public static Vec128 ToVec(UInt128 x) => new((ulong)(x >> 64), (ulong)x);

    public static bool IsNaN(UInt128 x) => (x & ~SignBit) > ExpMask;
    public static bool IsSNaN(UInt128 x) => IsNaN(x) && (x & QuietBit) == 0;
    public static bool IsInf(UInt128 x) => (x & ~SignBit) == ExpMask;
    public static bool IsZero(UInt128 x) => (x & ~SignBit) == 0;
    public static bool IsNeg(UInt128 x) => (x & SignBit) != 0;
    public static bool IsDenormal(UInt128 x) => (x & ExpMask) == 0 && (x & FracMask) != 0;
    public static int BiasedExp(UInt128 x) => (int)(x >> 112) & 0x7FFF;

    private static UInt128 SignedZero(bool neg) => neg ? SignBit : UInt128.Zero;
    private static UInt128 SignedInf(bool neg) => neg ? SignBit | Inf : Inf;
    private static UInt128 Quiet(UInt128 x) => x | QuietBit;

    /// <summary>Finite x as m * 2^e (m = 0 for zero).</summary>
    public static void Unpack(UInt128 x, out int e, out UInt128 m)
    {
        int be = BiasedExp(x);
        UInt128 f = x & FracMask;
        if (be == 0) { e = DenormExp; m = f; }
        else { e = be - Bias - 112; m = f | (UInt128.One << 112); }
    }

    private static int Msb(UInt128 x) => SoftFloat.Msb(x);

    /// <summary>Shifts a nonzero significand so its msb is bit 112.</summary>
    private static void Normalize(ref int e, ref UInt128 m)
    {
        int sh = 112 - Msb(m);
        m <<= sh;
        e -= sh;
    }

    // ---- rounding ---------------------------------------------------------------------------

    /// <summary>
    /// Rounds sign * sig * 2^exp (sig != 0) to <paramref name="prec"/> significant bits (113 for
    /// quad; 64 for xsrqpxp's double-extended precision) within the quad exponent range, in mode
    /// rm (0-3 FPSCR[RN], 4 nearest-away, 5 odd). Flags as <see cref="SoftFloat.RoundPack"/>.
    /// </summary>
    public static UInt128 RoundPack(bool sign, int exp, UInt128 sig, int rm, ref uint fl, int prec = 113)
    {
        int n = Msb(sig);
        int e = exp + n;
        int shift = n - (prec - 1);
        bool tiny = e < Emin;
        if (tiny)
        {
            fl |= Tiny;
            shift += Emin - e;
        }
        UInt128 q;
        bool inexact = false, up = false;
        int rexp;
        if (shift > 0)
        {
            UInt128 rem;
            if (shift >= 128) { q = 0; rem = sig; }
            else { q = sig >> shift; rem = sig & ((UInt128.One << shift) - 1); }
            inexact = rem != 0;
            if (inexact) up = SoftFloat.RoundUp(rm, sign, rem, shift, (q & 1) != 0);
            if (up) q++;
            if (inexact && rm == SoftFloat.RoundOdd) q |= 1;
            rexp = exp + shift;
        }
        else
        {
            q = sig << -shift;
            rexp = exp + shift;
        }
        if (q != 0 && rexp + Msb(q) > Emax)
        {
            fl |= OX | XX | FI;
            bool toInf = rm == 0 || rm == SoftFloat.RoundNearestAway || (rm == 2 && !sign) || (rm == 3 && sign);
            if (toInf) return SignedInf(sign);
            return Pack(sign, (UInt128.One << prec) - 1, Emax - (prec - 1));
        }
        if (inexact)
        {
            fl |= XX | FI;
            if (up) fl |= FR;
            if (tiny) fl |= UX;
        }
        return Pack(sign, q, rexp);
    }

    /// <summary>sign * q * 2^rexp as a quad; the value must be representable.</summary>
    private static UInt128 Pack(bool sign, UInt128 q, int rexp)
    {
        UInt128 s = sign ? SignBit : UInt128.Zero;
        if (q == 0) return s;
        int nq = Msb(q);
        int e = rexp + nq;
        if (e >= Emin)
        {
            UInt128 frac = nq >= 112 ? q >> (nq - 112) : q << (112 - nq);
            return s | ((UInt128)(uint)(e + Bias) << 112) | (frac & FracMask);
        }
        return s | (q << (rexp - DenormExp));
    }

    /// <summary>Rounds an exact value held as hi:lo * 2^exp (256 bits, nonzero).</summary>
    private static UInt128 RoundPack256(bool sign, int exp, UInt128 hi, UInt128 lo, int rm, ref uint fl)
    {
        UInt128 sig = Jam256(hi, lo, ref exp);
        return RoundPack(sign, exp, sig, rm, ref fl);
    }

    // ---- 256-bit helpers (hi:lo) ----------------------------------------------------------------

    /// <summary>hi:lo shifted right until it fits in 127 bits, lost bits ORed into the lsb; exp adjusted.</summary>
    private static UInt128 Jam256(UInt128 hi, UInt128 lo, ref int exp)
    {
        if (hi == 0) return lo;
        int s = 128 + Msb(hi) - 126;
        exp += s;
        ShrJam256(ref hi, ref lo, s);
        return lo;
    }

    private static int Msb256(UInt128 hi, UInt128 lo) => hi != 0 ? 128 + Msb(hi) : Msb(lo);

    private static void Shl256(ref UInt128 hi, ref UInt128 lo, int n)
    {
        if (n <= 0) return;
        if (n >= 128) { hi = lo << (n - 128); lo = 0; return; }
        hi = (hi << n) | (lo >> (128 - n));
        lo <<= n;
    }

    private static void ShrJam256(ref UInt128 hi, ref UInt128 lo, int n)
    {
        if (n <= 0) return;
        if (n >= 256)
        {
            lo = (hi | lo) != 0 ? UInt128.One : UInt128.Zero;
            hi = 0;
            return;
        }
        bool sticky;
        if (n >= 128)
        {
            int k = n - 128;
            sticky = lo != 0 || (k > 0 && (hi << (128 - k)) != 0);
            lo = k == 0 ? hi : hi >> k;
            hi = 0;
        }
        else
        {
            sticky = (lo << (128 - n)) != 0;
            lo = (lo >> n) | (hi << (128 - n));
            hi >>= n;
        }
        if (sticky) lo |= 1;
    }

    /// <summary>The full 256-bit product a * b.</summary>
    private static void Mul256(UInt128 a, UInt128 b, out UInt128 hi, out UInt128 lo)
    {
        ulong a0 = (ulong)a, a1 = (ulong)(a >> 64), b0 = (ulong)b, b1 = (ulong)(b >> 64);
        UInt128 p00 = (UInt128)a0 * b0, p01 = (UInt128)a0 * b1, p10 = (UInt128)a1 * b0, p11 = (UInt128)a1 * b1;
        UInt128 mid = p01 + p10;
        UInt128 midCarry = mid < p01 ? UInt128.One << 64 : UInt128.Zero;
        lo = p00 + (mid << 64);
        UInt128 carry = lo < p00 ? UInt128.One : UInt128.Zero;
        hi = p11 + (mid >> 64) + midCarry + carry;
    }

    private static int Cmp256(UInt128 ah, UInt128 al, UInt128 bh, UInt128 bl) =>
        ah != bh ? (ah > bh ? 1 : -1) : al != bl ? (al > bl ? 1 : -1) : 0;

    private static void Add256(ref UInt128 ah, ref UInt128 al, UInt128 bh, UInt128 bl)
    {
        UInt128 l = al + bl;
        ah = ah + bh + (l < al ? UInt128.One : UInt128.Zero);
        al = l;
    }

    private static void Sub256(ref UInt128 ah, ref UInt128 al, UInt128 bh, UInt128 bl)
    {
        UInt128 l = al - bl;
        ah = ah - bh - (al < bl ? UInt128.One : UInt128.Zero);
        al = l;
    }

    // ---- arithmetic ---------------------------------------------------------------------------

    private static UInt128 NaN2(UInt128 a, UInt128 b, ref uint fl)
    {
        if (IsSNaN(a) || IsSNaN(b)) fl |= VXSNAN;
        return Quiet(IsNaN(a) ? a : b);
    }

    public static UInt128 Add(UInt128 a, UInt128 b, int rm, ref uint fl)
    {
        if (IsNaN(a) || IsNaN(b)) return NaN2(a, b, ref fl);
        return AddNumbers(a, b, rm, ref fl);
    }

    public static UInt128 Sub(UInt128 a, UInt128 b, int rm, ref uint fl)
    {
        if (IsNaN(a) || IsNaN(b)) return NaN2(a, b, ref fl);
        return AddNumbers(a, b ^ SignBit, rm, ref fl);
    }

    private static UInt128 AddNumbers(UInt128 a, UInt128 b, int rm, ref uint fl)
    {
        bool sa = IsNeg(a), sb = IsNeg(b);
        if (IsInf(a))
        {
            if (IsInf(b) && sa != sb) { fl |= VXISI; return DefaultNaN; }
            return a;
        }
        if (IsInf(b)) return b;
        Unpack(a, out int ea, out UInt128 ma);
        Unpack(b, out int eb, out UInt128 mb);
        if (ma == 0 && mb == 0) return sa == sb ? a : SignedZero(rm == 3);
        if (ma == 0) return RoundPack(sb, eb, mb, rm, ref fl);
        if (mb == 0) return RoundPack(sa, ea, ma, rm, ref fl);
        if (ea < eb)
        {
            (ea, eb) = (eb, ea);
            (ma, mb) = (mb, ma);
            (sa, sb) = (sb, sa);
        }
        // 14 guard bits below the 113-bit significands; the smaller operand is jammed.
        UInt128 A = ma << 14;
        UInt128 B = SoftFloat.ShiftRightJam(mb << 14, ea - eb);
        int exp = ea - 14;
        if (sa == sb) return RoundPack(sa, exp, A + B, rm, ref fl);
        if (A > B) return RoundPack(sa, exp, A - B, rm, ref fl);
        if (B > A) return RoundPack(sb, exp, B - A, rm, ref fl);
        return SignedZero(rm == 3);
    }

    public static UInt128 Mul(UInt128 a, UInt128 b, int rm, ref uint fl)
    {
        if (IsNaN(a) || IsNaN(b)) return NaN2(a, b, ref fl);
        bool s = IsNeg(a) ^ IsNeg(b);
        if (IsInf(a) || IsInf(b))
        {
            if (IsZero(a) || IsZero(b)) { fl |= VXIMZ; return DefaultNaN; }
            return SignedInf(s);
        }
        Unpack(a, out int ea, out UInt128 ma);
        Unpack(b, out int eb, out UInt128 mb);
        if (ma == 0 || mb == 0) return SignedZero(s);
        Mul256(ma, mb, out UInt128 hi, out UInt128 lo);
        return RoundPack256(s, ea + eb, hi, lo, rm, ref fl);
    }

    public static UInt128 Div(UInt128 a, UInt128 b, int rm, ref uint fl)
    {
        if (IsNaN(a) || IsNaN(b)) return NaN2(a, b, ref fl);
        bool s = IsNeg(a) ^ IsNeg(b);
        if (IsInf(a))
        {
            if (IsInf(b)) { fl |= VXIDI; return DefaultNaN; }
            return SignedInf(s);
        }
        if (IsInf(b)) return SignedZero(s);
        Unpack(a, out int ea, out UInt128 ma);
        Unpack(b, out int eb, out UInt128 mb);
        if (mb == 0)
        {
            if (ma == 0) { fl |= VXZDZ; return DefaultNaN; }
            fl |= ZX;
            return SignedInf(s);
        }
        if (ma == 0) return SignedZero(s);
        Normalize(ref ea, ref ma);
        Normalize(ref eb, ref mb);
        // Long division 15 bits at a time: the remainder stays below mb < 2^113, so rem << 15
        // fits; 8 steps give floor(ma * 2^120 / mb), at least 120 bits, and the sticky remainder.
        UInt128 q = 0, rem = ma;
        for (int i = 0; i < 8; i++)
        {
            rem <<= 15;
            UInt128 d = rem / mb;
            rem -= d * mb;
            q = (q << 15) + d; // the first digit may have 16 bits (ma < 2 mb)
        }
        if (rem != 0) q |= 1;
        return RoundPack(s, ea - eb - 120, q, rm, ref fl);
    }

    public static UInt128 Sqrt(UInt128 b, int rm, ref uint fl)
    {
        if (IsNaN(b))
        {
            if (IsSNaN(b)) fl |= VXSNAN;
            return Quiet(b);
        }
        if (IsZero(b)) return b;
        if (IsNeg(b)) { fl |= VXSQRT; return DefaultNaN; }
        if (IsInf(b)) return b;
        Unpack(b, out int e, out UInt128 m);
        Normalize(ref e, ref m);
        if ((e & 1) != 0) { m <<= 1; e--; }
        // Digit-by-digit square root of R = m * 2^118 (231 or 232 bits): 116 result bits, two
        // radicand bits per step; the remainder (< 2*root + 1) stays below 2^118.
        UInt128 root = 0, rem = 0;
        for (int j = 0; j < 116; j++)
        {
            int p = 231 - 2 * j; // radicand bits p and p-1
            UInt128 pair = p - 1 >= 118 ? (m >> (p - 1 - 118)) & 3 : UInt128.Zero;
            rem = (rem << 2) | pair;
            UInt128 trial = (root << 2) | 1;
            root <<= 1;
            if (rem >= trial)
            {
                rem -= trial;
                root |= 1;
            }
        }
        if (rem != 0) root |= 1;
        return RoundPack(false, (e - 118) / 2, root, rm, ref fl);
    }

    /// <summary>
    /// a*c + b (b negated when <paramref name="subtract"/>), rounded once. NaN precedence a, b, c
    /// as for the double form; negating the result for the xsnm* forms is the caller's.
    /// </summary>
    public static UInt128 MulAdd(UInt128 a, UInt128 c, UInt128 b, bool subtract, int rm, ref uint fl)
    {
        bool infZero = (IsInf(a) && IsZero(c)) || (IsZero(a) && IsInf(c));
        if (IsNaN(a) || IsNaN(b) || IsNaN(c))
        {
            if (IsSNaN(a) || IsSNaN(b) || IsSNaN(c)) fl |= VXSNAN;
            if (infZero) fl |= VXIMZ;
            return Quiet(IsNaN(a) ? a : IsNaN(b) ? b : c);
        }
        if (infZero) { fl |= VXIMZ; return DefaultNaN; }
        bool sp = IsNeg(a) ^ IsNeg(c);
        bool sb = IsNeg(b) ^ subtract;
        if (IsInf(a) || IsInf(c))
        {
            if (IsInf(b) && sb != sp) { fl |= VXISI; return DefaultNaN; }
            return SignedInf(sp);
        }
        if (IsInf(b)) return SignedInf(sb);
        Unpack(a, out int ea, out UInt128 ma);
        Unpack(c, out int ec, out UInt128 mc);
        Unpack(b, out int eb, out UInt128 mb);
        if (ma == 0 || mc == 0)
        {
            if (mb == 0) return sp == sb ? SignedZero(sp) : SignedZero(rm == 3);
            return RoundPack(sb, eb, mb, rm, ref fl);
        }
        Mul256(ma, mc, out UInt128 ph, out UInt128 pl);
        int ep = ea + ec;
        if (mb == 0) return RoundPack256(sp, ep, ph, pl, rm, ref fl);
        // Both operands with their msb at bit 253 of 256; the smaller one is shifted right with jamming.
        int shp = 253 - Msb256(ph, pl);
        Shl256(ref ph, ref pl, shp);
        ep -= shp;
        UInt128 bh = 0, bl = mb;
        int shb = 253 - Msb(mb);
        Shl256(ref bh, ref bl, shb);
        eb -= shb;
        int exp;
        if (ep >= eb) { ShrJam256(ref bh, ref bl, ep - eb); exp = ep; }
        else { ShrJam256(ref ph, ref pl, eb - ep); exp = eb; }
        if (sp == sb)
        {
            Add256(ref ph, ref pl, bh, bl);
            return RoundPack256(sp, exp, ph, pl, rm, ref fl);
        }
        int cmp = Cmp256(ph, pl, bh, bl);
        if (cmp == 0) return SignedZero(rm == 3);
        if (cmp > 0)
        {
            Sub256(ref ph, ref pl, bh, bl);
            return RoundPack256(sp, exp, ph, pl, rm, ref fl);
        }
        Sub256(ref bh, ref bl, ph, pl);
        return RoundPack256(sb, exp, bh, bl, rm, ref fl);
    }

    // ---- conversions --------------------------------------------------------------------------

    /// <summary>xscvdpqp: double to quad, exact (an SNaN is quieted with VXSNAN).</summary>
    public static UInt128 FromDouble(ulong x, ref uint fl)
    {
        UInt128 s = SoftFloat.IsNeg(x) ? SignBit : UInt128.Zero;
        if (SoftFloat.IsNaN(x))
        {
            if (SoftFloat.IsSNaN(x)) fl |= VXSNAN;
            return s | Inf | QuietBit | ((UInt128)(x & SoftFloat.FracMask) << 60);
        }
        if (SoftFloat.IsInf(x)) return s | Inf;
        SoftFloat.Unpack(x, out int e, out ulong m);
        if (m == 0) return s;
        uint ignore = 0;
        return RoundPack(SoftFloat.IsNeg(x), e, m, 0, ref ignore);
    }

    /// <summary>xscvqpdp[o]: quad to double rounded in mode rm (5 = round to odd).</summary>
    public static ulong ToDouble(UInt128 x, int rm, ref uint fl)
    {
        ulong s = IsNeg(x) ? SoftFloat.SignBit : 0;
        if (IsNaN(x))
        {
            if (IsSNaN(x)) fl |= VXSNAN;
            return s | SoftFloat.Inf | SoftFloat.QuietBit | (ulong)((x & FracMask) >> 60);
        }
        if (IsInf(x)) return s | SoftFloat.Inf;
        Unpack(x, out int e, out UInt128 m);
        if (m == 0) return s;
        return SoftFloat.RoundPack(IsNeg(x), e, m, false, rm, ref fl);
    }

    /// <summary>xscvsdqp/xscvudqp: 64-bit integer to quad (always exact).</summary>
    public static UInt128 FromInt(ulong v, bool signed)
    {
        bool neg = signed && (long)v < 0;
        ulong mag = neg ? (ulong)-(long)v : v;
        if (mag == 0) return 0;
        uint ignore = 0;
        return RoundPack(neg, 0, mag, 0, ref ignore);
    }

    /// <summary>
    /// xscvqp[su][dw]z: quad to integer, truncating. NaNs and out-of-range values saturate (NaN:
    /// most negative for signed, 0 for unsigned) with VXCVI; inexact results set XX and FI.
    /// </summary>
    public static ulong ToInt(UInt128 x, bool signed, int bits, ref uint fl)
    {
        ulong max = signed ? (bits == 64 ? (ulong)long.MaxValue : int.MaxValue) : (bits == 64 ? ulong.MaxValue : uint.MaxValue);
        ulong minNeg = signed ? (bits == 64 ? 1UL << 63 : 1UL << 31) : 0;
        ulong Saturated(bool neg) => neg ? (bits == 64 ? (ulong)-(long)minNeg : (ulong)(uint)-(int)(uint)minNeg) : max;
        if (IsNaN(x))
        {
            fl |= VXCVI;
            if (IsSNaN(x)) fl |= VXSNAN;
            return signed ? (bits == 64 ? 1UL << 63 : 0x8000_0000UL) : 0;
        }
        bool neg = IsNeg(x);
        if (IsInf(x)) { fl |= VXCVI; return Saturated(neg); }
        Unpack(x, out int e, out UInt128 m);
        if (m == 0) return 0;
        UInt128 mag;
        bool inexact = false;
        if (e >= 0)
        {
            if (Msb(m) + e >= 64) { fl |= VXCVI; return Saturated(neg); }
            mag = m << e;
        }
        else if (-e >= 128)
        {
            mag = 0;
            inexact = true;
        }
        else
        {
            mag = m >> -e;
            inexact = (m & ((UInt128.One << -e) - 1)) != 0;
        }
        if (neg ? mag > minNeg : mag > max) { fl |= VXCVI; return Saturated(neg); }
        if (inexact) fl |= XX | FI;
        ulong r = (ulong)mag;
        return neg ? (bits == 64 ? (ulong)-(long)r : (ulong)(uint)-(int)(uint)r) : r;
    }

    /// <summary>
    /// xsrqpi[x]: round to an integral quad in mode rm (0-4). <paramref name="inexact"/> reports
    /// whether the value changed; the caller decides whether that signals XX.
    /// </summary>
    public static UInt128 RoundToIntegral(UInt128 x, int rm, ref uint fl, out bool inexact)
    {
        inexact = false;
        if (IsNaN(x))
        {
            if (IsSNaN(x)) fl |= VXSNAN;
            return Quiet(x);
        }
        if (IsInf(x) || IsZero(x)) return x;
        Unpack(x, out int e, out UInt128 m);
        if (e >= 0) return x;
        bool neg = IsNeg(x);
        int sh = -e;
        UInt128 q, rem;
        if (sh >= 128) { q = 0; rem = m; }
        else { q = m >> sh; rem = m & ((UInt128.One << sh) - 1); }
        inexact = rem != 0;
        if (inexact && SoftFloat.RoundUp(rm, neg, rem, sh, (q & 1) != 0)) q++;
        if (q == 0) return SignedZero(neg);
        uint ignore = 0;
        return RoundPack(neg, 0, q, 0, ref ignore);
    }

    /// <summary>xsrqpxp: round to 64 significant bits (double-extended precision) within the quad range.</summary>
    public static UInt128 RoundToExtended(UInt128 x, int rm, ref uint fl)
    {
        if (IsNaN(x))
        {
            if (IsSNaN(x)) fl |= VXSNAN;
            return Quiet(x);
        }
        if (IsInf(x) || IsZero(x)) return x;
        Unpack(x, out int e, out UInt128 m);
        return RoundPack(IsNeg(x), e, m, rm, ref fl, 64);
    }

    // ---- compare and classify -----------------------------------------------------------------

    /// <summary>FPCC/CR bits of a comparison: 8 less, 4 greater, 2 equal, 1 unordered.</summary>
    public static uint Compare(UInt128 a, UInt128 b)
    {
        if (IsNaN(a) || IsNaN(b)) return 1;
        if (IsZero(a) && IsZero(b)) return 2;
        bool na = IsNeg(a), nb = IsNeg(b);
        if (na != nb) return na ? 8u : 4u;
        if (a == b) return 2;
        bool less = na ? a > b : a < b;
        return less ? 8u : 4u;
    }

    /// <summary>FPRF (C and FPCC) for a quad result.</summary>
    public static uint Fprf(UInt128 x)
    {
        bool neg = IsNeg(x);
        if (IsNaN(x)) return 0x11;
        if (IsInf(x)) return neg ? 0x09u : 0x05u;
        if (IsZero(x)) return neg ? 0x12u : 0x02u;
        if (IsDenormal(x)) return neg ? 0x18u : 0x14u;
        return neg ? 0x08u : 0x04u;
    }
}
