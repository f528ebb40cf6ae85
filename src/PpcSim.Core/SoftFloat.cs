using System.Numerics;
using System.Runtime.CompilerServices;
using static PpcSim.Core.FpscrBits;

namespace PpcSim.Core;

/// <summary>
/// IEEE 754 binary64/binary32 arithmetic on raw bit patterns, exactly rounded in the four Power
/// rounding modes (FPSCR[RN]: 0 nearest-even, 1 toward zero, 2 toward +inf, 3 toward -inf).
/// The host's double arithmetic only rounds to nearest, so every operation forms its exact
/// result (or the exact result with a sticky bit far below the rounding point) in a UInt128 and
/// rounds once (<see cref="RoundPack"/>): single-precision results are rounded once from the
/// exact value, never through double. Results are binary64 patterns (how an FPR holds a single);
/// <see cref="ToSingleBits"/> gives the binary32 pattern. Exceptions accumulate in a flags word
/// of FPSCR masks (invalid kinds, OX, UX, ZX, XX for inexact, FR, FI, and <see cref="Tiny"/>);
/// tininess is detected before rounding, as Power defines it (ISA 4.4.4).
/// </summary>
internal static class SoftFloat
{
    public const ulong DefaultNaN = 0x7FF8_0000_0000_0000UL;
    public const ulong SignBit = 1UL << 63;
    public const ulong ExpMask = 0x7FF0_0000_0000_0000UL;
    public const ulong FracMask = 0x000F_FFFF_FFFF_FFFFUL;
    public const ulong QuietBit = 1UL << 51;
    public const ulong Inf = ExpMask;
    private const ulong MaxDouble = 0x7FEF_FFFF_FFFF_FFFFUL;
    private const ulong MaxSingleAsDouble = 0x47EF_FFFF_E000_0000UL;
    /// <summary>Fraction bits a double has beyond a single's 23.</summary>
    private const ulong SingleLowBits = 0x1FFF_FFFFUL;

    public static bool IsNaN(ulong x) => (x & ~SignBit) > ExpMask;
    public static bool IsSNaN(ulong x) => IsNaN(x) && (x & QuietBit) == 0;
    public static bool IsInf(ulong x) => (x & ~SignBit) == ExpMask;
    public static bool IsZero(ulong x) => (x & ~SignBit) == 0;
    public static bool IsNeg(ulong x) => (x & SignBit) != 0;
    public static bool IsDenormal(ulong x) => (x & ExpMask) == 0 && (x & FracMask) != 0;

    /// <summary>A NaN operand's result: quieted, and for a single-precision result cut to single.</summary>
    public static ulong QuietResult(ulong x, bool single)
    {
        x |= QuietBit;
        return single ? x & ~SingleLowBits : x;
    }

    private static ulong SignedZero(bool neg) => neg ? SignBit : 0;
    private static ulong SignedInf(bool neg) => neg ? SignBit | Inf : Inf;

    /// <summary>Finite x as m * 2^e (m = 0 for zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Unpack(ulong x, out int e, out ulong m)
    {
        int be = (int)((x >> 52) & 0x7ff);
        ulong f = x & FracMask;
        if (be == 0) { e = -1074; m = f; }
        else { e = be - 1075; m = f | (1UL << 52); }
    }

    internal static int Msb(UInt128 x) => 127 - (int)UInt128.LeadingZeroCount(x);

    /// <summary>x >> d with the shifted-out bits ORed into the lsb ("jamming").</summary>
    internal static UInt128 ShiftRightJam(UInt128 x, int d)
    {
        if (d <= 0) return x;
        if (d >= 128) return x != 0 ? UInt128.One : UInt128.Zero;
        UInt128 r = x >> d;
        if ((x << (128 - d)) != 0) r |= 1;
        return r;
    }

    /// <summary>Round to odd (ISA 3.0 "o" forms): truncate, then set the lsb when inexact.</summary>
    public const int RoundOdd = 5;
    /// <summary>Round to nearest, ties away from zero (xsrdpi, frin, xsrqpi R=0 RMC=0).</summary>
    public const int RoundNearestAway = 4;
    private const ulong MaxHalfAsDouble = 0x40EF_FC00_0000_0000UL; // 65504

    /// <summary>
    /// Rounds sign * sig * 2^exp (sig != 0) to double or single precision and range in mode rm.
    /// Sets XX/FI when inexact, FR when the magnitude was incremented, OX on overflow, Tiny when
    /// the exact value is below the smallest normal, UX when tiny and inexact.
    /// </summary>
    public static ulong RoundPack(bool sign, int exp, UInt128 sig, bool single, int rm, ref uint fl) =>
        single ? RoundPackFormat(sign, exp, sig, 24, -126, 127, MaxSingleAsDouble, rm, ref fl)
               : RoundPackFormat(sign, exp, sig, 53, -1022, 1023, MaxDouble, rm, ref fl);

    /// <summary>RoundPack to IEEE binary16 (xscvdphp, xvcvsphp); the result is the half value as a double.</summary>
    public static ulong RoundPackHalf(bool sign, int exp, UInt128 sig, int rm, ref uint fl) =>
        RoundPackFormat(sign, exp, sig, 11, -14, 15, MaxHalfAsDouble, rm, ref fl);

    /// <summary>
    /// Rounds to a binary format of <paramref name="prec"/> bits and exponent range [emin, emax]
    /// whose values are all doubles (half, single, double). rm 0-3 are FPSCR[RN], 4 is nearest
    /// with ties away, 5 round to odd.
    /// </summary>
    private static ulong RoundPackFormat(bool sign, int exp, UInt128 sig, int prec, int emin, int emax, ulong maxFinite, int rm, ref uint fl)
    {
        int n = Msb(sig);
        int e = exp + n;
        int shift = n - (prec - 1);
        bool tiny = e < emin;
        if (tiny)
        {
            fl |= Tiny;
            shift += emin - e;
        }
        ulong q;
        bool inexact = false, up = false;
        int rexp = exp;
        if (shift > 0)
        {
            UInt128 qq, rem;
            if (shift >= 128) { qq = 0; rem = sig; }
            else { qq = sig >> shift; rem = sig & ((UInt128.One << shift) - 1); }
            inexact = rem != 0;
            if (inexact) up = RoundUp(rm, sign, rem, shift, (qq & 1) != 0);
            q = (ulong)qq + (up ? 1UL : 0UL);
            if (inexact && rm == RoundOdd) q |= 1;
            rexp = exp + shift;
        }
        else
        {
            q = (ulong)sig;
        }
        int nq = 63 - BitOperations.LeadingZeroCount(q);
        if (q != 0 && rexp + nq > emax)
        {
            fl |= OX | XX | FI;
            bool toInf = rm == 0 || rm == RoundNearestAway || (rm == 2 && !sign) || (rm == 3 && sign);
            if (toInf) return SignedInf(sign);
            return (sign ? SignBit : 0) | maxFinite;
        }
        if (inexact)
        {
            fl |= XX | FI;
            if (up) fl |= FR;
            if (tiny) fl |= UX;
        }
        return Pack(sign, q, rexp);
    }

    /// <summary>
    /// Whether dropping <paramref name="rem"/> (the low <paramref name="shift"/> bits, nonzero)
    /// rounds the magnitude up in mode rm; <paramref name="odd"/> is the kept lsb.
    /// </summary>
    internal static bool RoundUp(int rm, bool sign, UInt128 rem, int shift, bool odd)
    {
        switch (rm)
        {
            case 0:
            case RoundNearestAway:
                if (shift > 128) return false;
                UInt128 half = UInt128.One << (shift - 1);
                return rem > half || (rem == half && (rm == RoundNearestAway || odd));
            case 2: return !sign;
            case 3: return sign;
            default: return false; // toward zero, round to odd
        }
    }

    /// <summary>sign * q * 2^rexp as a double; the value must be representable.</summary>
    private static ulong Pack(bool sign, ulong q, int rexp)
    {
        ulong s = sign ? SignBit : 0;
        if (q == 0) return s;
        int nq = 63 - BitOperations.LeadingZeroCount(q);
        int e = rexp + nq;
        if (e >= -1022)
        {
            ulong frac = nq >= 52 ? q >> (nq - 52) : q << (52 - nq);
            return s | ((ulong)(e + 1023) << 52) | (frac & FracMask);
        }
        return s | (q << (rexp + 1074));
    }

    private static ulong NaN2(ulong a, ulong b, bool single, ref uint fl)
    {
        if (IsSNaN(a) || IsSNaN(b)) fl |= VXSNAN;
        return QuietResult(IsNaN(a) ? a : b, single);
    }

    /// <summary>Rounds a finite double value to the result format (the exact-result path).</summary>
    private static ulong RoundFinite(ulong x, bool single, int rm, ref uint fl)
    {
        Unpack(x, out int e, out ulong m);
        if (m == 0) return x;
        return RoundPack(IsNeg(x), e, m, single, rm, ref fl);
    }

    // ---- arithmetic ------------------------------------------------------------------------

    public static ulong Add(ulong a, ulong b, bool single, int rm, ref uint fl)
    {
        if (IsNaN(a) || IsNaN(b)) return NaN2(a, b, single, ref fl);
        return AddNumbers(a, b, single, rm, ref fl);
    }

    public static ulong Sub(ulong a, ulong b, bool single, int rm, ref uint fl)
    {
        if (IsNaN(a) || IsNaN(b)) return NaN2(a, b, single, ref fl);
        return AddNumbers(a, b ^ SignBit, single, rm, ref fl);
    }

    private static ulong AddNumbers(ulong a, ulong b, bool single, int rm, ref uint fl)
    {
        bool sa = IsNeg(a), sb = IsNeg(b);
        if (IsInf(a))
        {
            if (IsInf(b) && sa != sb) { fl |= VXISI; return DefaultNaN; }
            return a;
        }
        if (IsInf(b)) return b;
        Unpack(a, out int ea, out ulong ma);
        Unpack(b, out int eb, out ulong mb);
        if (ma == 0 && mb == 0) return sa == sb ? a : SignedZero(rm == 3);
        if (ma == 0) return RoundPack(sb, eb, mb, single, rm, ref fl);
        if (mb == 0) return RoundPack(sa, ea, ma, single, rm, ref fl);
        if (ea < eb)
        {
            (ea, eb) = (eb, ea);
            (ma, mb) = (mb, ma);
            (sa, sb) = (sb, sa);
        }
        // The larger-exponent operand sits at bit 64 of the frame: 64 guard bits below it.
        UInt128 A = (UInt128)ma << 64;
        UInt128 B = ShiftRightJam((UInt128)mb << 64, ea - eb);
        return AddAligned(sa, A, sb, B, ea - 64, single, rm, ref fl);
    }

    private static ulong AddAligned(bool sa, UInt128 A, bool sb, UInt128 B, int exp, bool single, int rm, ref uint fl)
    {
        if (sa == sb) return RoundPack(sa, exp, A + B, single, rm, ref fl);
        if (A > B) return RoundPack(sa, exp, A - B, single, rm, ref fl);
        if (B > A) return RoundPack(sb, exp, B - A, single, rm, ref fl);
        return SignedZero(rm == 3); // exact cancellation: +0 except when rounding toward -inf
    }

    public static ulong Mul(ulong a, ulong c, bool single, int rm, ref uint fl)
    {
        if (IsNaN(a) || IsNaN(c)) return NaN2(a, c, single, ref fl);
        bool s = IsNeg(a) ^ IsNeg(c);
        if (IsInf(a) || IsInf(c))
        {
            if (IsZero(a) || IsZero(c)) { fl |= VXIMZ; return DefaultNaN; }
            return SignedInf(s);
        }
        Unpack(a, out int ea, out ulong ma);
        Unpack(c, out int ec, out ulong mc);
        if (ma == 0 || mc == 0) return SignedZero(s);
        return RoundPack(s, ea + ec, (UInt128)ma * mc, single, rm, ref fl);
    }

    public static ulong Div(ulong a, ulong b, bool single, int rm, ref uint fl)
    {
        if (IsNaN(a) || IsNaN(b)) return NaN2(a, b, single, ref fl);
        bool s = IsNeg(a) ^ IsNeg(b);
        if (IsInf(a))
        {
            if (IsInf(b)) { fl |= VXIDI; return DefaultNaN; }
            return SignedInf(s);
        }
        if (IsInf(b)) return SignedZero(s);
        Unpack(a, out int ea, out ulong ma);
        Unpack(b, out int eb, out ulong mb);
        if (mb == 0)
        {
            if (ma == 0) { fl |= VXZDZ; return DefaultNaN; }
            fl |= ZX;
            return SignedInf(s);
        }
        if (ma == 0) return SignedZero(s);
        Normalize(ref ea, ref ma);
        Normalize(ref eb, ref mb);
        // ma, mb in [2^52, 2^53): the quotient has at least 75 bits; the remainder is the sticky bit.
        UInt128 num = (UInt128)ma << 75;
        UInt128 q = num / mb;
        if (q * mb != num) q |= 1;
        return RoundPack(s, ea - eb - 75, q, single, rm, ref fl);
    }

    /// <summary>Shifts a nonzero significand so its msb is bit 52.</summary>
    private static void Normalize(ref int e, ref ulong m)
    {
        int sh = BitOperations.LeadingZeroCount(m) - 11;
        m <<= sh;
        e -= sh;
    }

    public static ulong Sqrt(ulong b, bool single, int rm, ref uint fl)
    {
        if (IsNaN(b))
        {
            if (IsSNaN(b)) fl |= VXSNAN;
            return QuietResult(b, single);
        }
        if (IsZero(b)) return b;
        if (IsNeg(b)) { fl |= VXSQRT; return DefaultNaN; }
        if (IsInf(b)) return b;
        Unpack(b, out int e, out ulong m);
        Normalize(ref e, ref m);
        if ((e & 1) != 0) { m <<= 1; e--; }
        UInt128 x = (UInt128)m << 72;
        UInt128 r = ISqrt(x);
        if (r * r != x) r |= 1;
        return RoundPack(false, (e - 72) / 2, r, single, rm, ref fl);
    }

    /// <summary>floor(sqrt(x)) for x below 2^126.</summary>
    private static UInt128 ISqrt(UInt128 x)
    {
        UInt128 r = (UInt128)Math.Sqrt((double)x);
        if (r == 0) r = 1;
        r = (r + x / r) >> 1;
        while (r * r > x) r--;
        while ((r + 1) * (r + 1) <= x) r++;
        return r;
    }

    /// <summary>
    /// a*c + b (b negated when <paramref name="subtract"/>), rounded once. NaN precedence is the
    /// ISA's: frA, frB, frC (here a, b, c). Negating the result for fnmadd/fnmsub is the caller's.
    /// </summary>
    public static ulong MulAdd(ulong a, ulong c, ulong b, bool subtract, bool single, int rm, ref uint fl)
    {
        bool infZero = (IsInf(a) && IsZero(c)) || (IsZero(a) && IsInf(c));
        if (IsNaN(a) || IsNaN(b) || IsNaN(c))
        {
            if (IsSNaN(a) || IsSNaN(b) || IsSNaN(c)) fl |= VXSNAN;
            if (infZero) fl |= VXIMZ;
            return QuietResult(IsNaN(a) ? a : IsNaN(b) ? b : c, single);
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
        Unpack(a, out int ea, out ulong ma);
        Unpack(c, out int ec, out ulong mc);
        Unpack(b, out int eb, out ulong mb);
        if (ma == 0 || mc == 0)
        {
            if (mb == 0) return sp == sb ? SignedZero(sp) : SignedZero(rm == 3);
            return RoundPack(sb, eb, mb, single, rm, ref fl);
        }
        UInt128 p = (UInt128)ma * mc;
        int ep = ea + ec;
        if (mb == 0) return RoundPack(sp, ep, p, single, rm, ref fl);
        // Both operands with their msb at bit 125; the smaller one is shifted right with jamming.
        int shp = 125 - Msb(p);
        p <<= shp;
        ep -= shp;
        int shb = 125 - Msb(mb);
        UInt128 bb = (UInt128)mb << shb;
        eb -= shb;
        if (ep >= eb) return AddAligned(sp, p, sb, ShiftRightJam(bb, ep - eb), ep, single, rm, ref fl);
        return AddAligned(sp, ShiftRightJam(p, eb - ep), sb, bb, eb, single, rm, ref fl);
    }

    // ---- conversions -----------------------------------------------------------------------

    /// <summary>frsp / xscvdpsp: round a double to single precision (the result as a double).</summary>
    public static ulong RoundToSingle(ulong x, int rm, ref uint fl)
    {
        if (IsNaN(x))
        {
            if (IsSNaN(x)) fl |= VXSNAN;
            return QuietResult(x, true);
        }
        if (IsInf(x) || IsZero(x)) return x;
        return RoundFinite(x, true, rm, ref fl);
    }

    /// <summary>
    /// The ISA's SINGLE(): the binary32 pattern stfs stores (exact for single-representable values;
    /// other values keep bits 0:1 and 5:34, or are denormalised/flushed below the single range).
    /// </summary>
    public static uint ToSingleBits(ulong x)
    {
        int be = (int)((x >> 52) & 0x7ff);
        if (be > 896) return (uint)((x >> 32) & 0xC000_0000u) | (uint)((x >> 29) & 0x3FFF_FFFFu);
        uint s = (uint)(x >> 32) & 0x8000_0000u;
        if (be < 874) return s;
        return s | (uint)(((x & FracMask) | (1UL << 52)) >> (926 - be));
    }

    /// <summary>binary32 pattern to double (exact; the ISA's DOUBLE(), used by lfs; NaNs keep their payload).</summary>
    public static ulong FromSingleBits(uint w)
    {
        ulong s = (ulong)(w & 0x8000_0000u) << 32;
        int be = (int)((w >> 23) & 0xff);
        ulong f = w & 0x7f_ffffu;
        if (be == 0xff) return s | Inf | (f << 29);
        if (be == 0)
        {
            if (f == 0) return s;
            int sh = BitOperations.LeadingZeroCount((uint)f) - 8; // bring msb to bit 23
            f <<= sh;
            return s | ((ulong)(-126 - sh + 1023) << 52) | ((f & 0x7f_ffffu) << 29);
        }
        return s | ((ulong)(be - 127 + 1023) << 52) | (f << 29);
    }

    /// <summary>IEEE binary16 pattern to double (exact; NaNs keep their payload, SNaNs stay signalling).</summary>
    public static ulong FromHalfBits(ushort h)
    {
        ulong s = (ulong)(h & 0x8000) << 48;
        int be = (h >> 10) & 0x1f;
        ulong f = (ulong)(h & 0x3ff);
        if (be == 0x1f) return s | Inf | (f << 42);
        if (be == 0)
        {
            if (f == 0) return s;
            int sh = BitOperations.LeadingZeroCount(f) - 53; // bring msb to bit 10
            f <<= sh;
            return s | ((ulong)(-14 - sh + 1023) << 52) | ((f & 0x3ff) << 42);
        }
        return s | ((ulong)(be - 15 + 1023) << 52) | (f << 42);
    }

    /// <summary>
    /// Double to binary16 rounded in mode rm (xscvdphp, xvcvsphp): NaNs are quieted (VXSNAN for
    /// an SNaN) and keep the top 10 fraction bits; OX/UX/XX/FR/FI as for any rounding.
    /// </summary>
    public static ushort ToHalf(ulong x, int rm, ref uint fl)
    {
        ushort s = (ushort)((x >> 48) & 0x8000);
        if (IsNaN(x))
        {
            if (IsSNaN(x)) fl |= VXSNAN;
            return (ushort)(s | 0x7e00 | (int)((x >> 42) & 0x3ff));
        }
        if (IsInf(x)) return (ushort)(s | 0x7c00);
        if (IsZero(x)) return s;
        Unpack(x, out int e, out ulong m);
        ulong r = RoundPackHalf(IsNeg(x), e, m, rm, ref fl);
        return HalfBitsOfDouble(r);
    }

    /// <summary>The binary16 pattern of a double that holds a half value exactly (or +-inf).</summary>
    private static ushort HalfBitsOfDouble(ulong r)
    {
        ushort s = (ushort)((r >> 48) & 0x8000);
        if (IsInf(r)) return (ushort)(s | 0x7c00);
        if (IsZero(r)) return s;
        int be = (int)((r >> 52) & 0x7ff) - 1023;
        ulong f = (r & FracMask) | (1UL << 52);
        if (be >= -14) return (ushort)(s | ((be + 15) << 10) | (int)((f >> 42) & 0x3ff));
        return (ushort)(s | (int)(f >> (42 + (-14 - be))));
    }

    /// <summary>FPRF for a binary16 result (xscvdphp).</summary>
    public static uint FprfHalf(ushort h)
    {
        bool neg = (h & 0x8000) != 0;
        int be = (h >> 10) & 0x1f, f = h & 0x3ff;
        if (be == 0x1f) return f != 0 ? 0x11u : neg ? 0x09u : 0x05u;
        if (be == 0) return f == 0 ? (neg ? 0x12u : 0x02u) : (neg ? 0x18u : 0x14u);
        return neg ? 0x08u : 0x04u;
    }

    /// <summary>
    /// Double to integer (fcti*, xscvdp*xds/xws). Out-of-range values and NaNs saturate (NaN:
    /// most negative for signed, 0 for unsigned) and set VXCVI; inexact results set XX/FI/FR.
    /// </summary>
    public static ulong ToInt(ulong x, bool signed, int bits, int rm, ref uint fl)
    {
        ulong max = signed ? (bits == 64 ? (ulong)long.MaxValue : int.MaxValue) : (bits == 64 ? ulong.MaxValue : uint.MaxValue);
        ulong minNeg = signed ? (bits == 64 ? 1UL << 63 : 1UL << 31) : 0; // magnitude of the most negative value
        ulong nanResult = signed ? (bits == 64 ? 1UL << 63 : 0x8000_0000UL) : 0;
        if (IsNaN(x))
        {
            fl |= VXCVI;
            if (IsSNaN(x)) fl |= VXSNAN;
            return nanResult;
        }
        bool neg = IsNeg(x);
        if (IsInf(x))
        {
            fl |= VXCVI;
            return neg ? Negate(minNeg, bits) : max;
        }
        Unpack(x, out int e, out ulong m);
        if (m == 0) return 0;
        if (!RoundToInteger(neg, e, m, rm, out UInt128 mag, out bool inexact, out bool up))
        {
            fl |= VXCVI;
            return neg ? Negate(minNeg, bits) : max;
        }
        if (neg ? mag > minNeg : mag > max)
        {
            fl |= VXCVI;
            return neg ? Negate(minNeg, bits) : max;
        }
        if (inexact)
        {
            fl |= XX | FI;
            if (up) fl |= FR;
        }
        return neg ? Negate((ulong)mag, bits) : (ulong)mag;
    }

    private static ulong Negate(ulong mag, int bits) => bits == 64 ? (ulong)-(long)mag : (ulong)(uint)-(int)(uint)mag;

    /// <summary>
    /// |m * 2^e| rounded to an integer in mode rm (rm 4: nearest, ties away). False when it does
    /// not fit in 80 bits (out of range for every conversion).
    /// </summary>
    private static bool RoundToInteger(bool neg, int e, ulong m, int rm, out UInt128 mag, out bool inexact, out bool up)
    {
        inexact = false;
        up = false;
        if (e >= 0)
        {
            mag = 0;
            if (e > 16) return false;
            mag = (UInt128)m << e;
            return true;
        }
        int sh = -e;
        UInt128 q, rem, full = m;
        if (sh >= 128) { q = 0; rem = full; }
        else { q = full >> sh; rem = full & ((UInt128.One << sh) - 1); }
        inexact = rem != 0;
        if (inexact)
        {
            switch (rm)
            {
                case 0:
                case 4:
                    if (sh <= 128)
                    {
                        UInt128 half = UInt128.One << (sh - 1);
                        up = rem > half || (rem == half && (rm == 4 || (q & 1) != 0));
                    }
                    break;
                case 1: break;
                case 2: up = !neg; break;
                default: up = neg; break;
            }
        }
        mag = q + (up ? UInt128.One : UInt128.Zero);
        return true;
    }

    /// <summary>frin/friz/frip/frim, xsrdpi*: round to an integral double; never sets XX/FR/FI here.</summary>
    public static ulong RoundToIntegral(ulong x, int rm, ref uint fl, out bool inexact)
    {
        inexact = false;
        if (IsNaN(x))
        {
            if (IsSNaN(x)) fl |= VXSNAN;
            return x | QuietBit;
        }
        if (IsInf(x) || IsZero(x)) return x;
        Unpack(x, out int e, out ulong m);
        if (e >= 0) return x;
        bool neg = IsNeg(x);
        RoundToInteger(neg, e, m, rm, out UInt128 mag, out inexact, out _);
        if (mag == 0) return SignedZero(neg);
        uint ignore = 0;
        return RoundPack(neg, 0, mag, false, 0, ref ignore);
    }

    /// <summary>fcfid*/xscv*xd*: 64-bit integer (two's complement when signed) to double or single.</summary>
    public static ulong FromInt(ulong v, bool signed, bool single, int rm, ref uint fl)
    {
        bool neg = signed && (long)v < 0;
        ulong mag = neg ? (ulong)-(long)v : v;
        if (mag == 0) return 0;
        return RoundPack(neg, 0, mag, single, rm, ref fl);
    }

    /// <summary>FPCC/CR bits of a comparison: 8 less, 4 greater, 2 equal, 1 unordered.</summary>
    public static uint Compare(ulong a, ulong b)
    {
        if (IsNaN(a) || IsNaN(b)) return 1;
        if (IsZero(a) && IsZero(b)) return 2;
        bool na = IsNeg(a), nb = IsNeg(b);
        if (na != nb) return na ? 8u : 4u;
        if (a == b) return 2;
        bool less = na ? a > b : a < b;
        return less ? 8u : 4u;
    }

    /// <summary>FPRF (C and FPCC, 5 bits) for a double result (ISA Table 4.2.2 "Floating-Point Result Flags").</summary>
    public static uint Fprf(ulong x)
    {
        bool neg = IsNeg(x);
        if (IsNaN(x)) return 0x11;
        if (IsInf(x)) return neg ? 0x09u : 0x05u;
        if (IsZero(x)) return neg ? 0x12u : 0x02u;
        if (IsDenormal(x)) return neg ? 0x18u : 0x14u;
        return neg ? 0x08u : 0x04u;
    }

    /// <summary>FPRF for a single-precision value held as a double (denormal means single-denormal).</summary>
    public static uint FprfSingle(ulong x)
    {
        if (IsNaN(x) || IsInf(x) || IsZero(x)) return Fprf(x);
        int be = (int)((x >> 52) & 0x7ff);
        bool neg = IsNeg(x);
        if (be - 1023 < -126) return neg ? 0x18u : 0x14u;
        return neg ? 0x08u : 0x04u;
    }
}
