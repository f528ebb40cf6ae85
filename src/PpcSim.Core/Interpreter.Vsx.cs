using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Power ISA 3.0B Book I chapter 7: VSX loads, stores, GPR moves and the logical/permute ops.
// (VSX floating-point arithmetic lives with the FP handlers.) Doublewords and words are ISA
// elements (0 = most significant); VSR n for n >= 32 is VR n-32.
public static partial class Interpreter
{
    /// <summary>MSR[VSX]=0: VSX Unavailable interrupt (Book III 7.5.16); the instruction does nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool VsxOk(Cpu c)
    {
        if ((c.Msr & Msr.VSX) != 0) return true;
        c.Raise(Interrupt.VsxUnavailable);
        return false;
    }

    private static UInt128 XA(Cpu c, uint w) => c.Vsr[Xa(w)].ToUInt128();
    private static UInt128 XB(Cpu c, uint w) => c.Vsr[Xb(w)].ToUInt128();
    private static void SetXT(Cpu c, uint w, UInt128 v) => c.Vsr[Xt(w)] = Vec128.FromUInt128(v);

    // ---- loads and stores (X-form) ----
    internal static void Lxvx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        if (c.Load128(EaX(c, w), out ulong lo, out ulong hi)) c.Vsr[Xt(w)] = new Vec128(hi, lo);
    }

    internal static void Stxvx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ref Vec128 s = ref c.Vsr[Xs(w)];
        c.Store128(EaX(c, w), s.Dw1, s.Dw0);
    }

    internal static void Lxv(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        if (c.Load128(EaD(c, w, Dq(w)), out ulong lo, out ulong hi)) c.Vsr[Xtq(w)] = new Vec128(hi, lo);
    }

    internal static void Stxv(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ref Vec128 s = ref c.Vsr[Xsq(w)];
        c.Store128(EaD(c, w, Dq(w)), s.Dw1, s.Dw0);
    }

    /// <summary>lxvd2x: doubleword i from EA+8i in the current byte order (so LE swaps the doublewords).</summary>
    internal static void Lxvd2x(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ulong ea = EaX(c, w);
        if (c.Load64(ea, out ulong d0) && c.Load64(ea + 8, out ulong d1)) c.Vsr[Xt(w)] = new Vec128(d0, d1);
    }

    internal static void Stxvd2x(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ulong ea = EaX(c, w);
        Vec128 s = c.Vsr[Xs(w)];
        if (c.Store64(ea, s.Dw0)) c.Store64(ea + 8, s.Dw1);
    }

    internal static void Lxvw4x(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ulong ea = EaX(c, w);
        var v = new Vec128();
        for (int i = 0; i < 4; i++)
        {
            if (!c.Load32(ea + (ulong)(4 * i), out uint x)) return;
            v.SetWord(i, x);
        }
        c.Vsr[Xt(w)] = v;
    }

    internal static void Stxvw4x(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ulong ea = EaX(c, w);
        Vec128 s = c.Vsr[Xs(w)];
        for (int i = 0; i < 4; i++)
            if (!c.Store32(ea + (ulong)(4 * i), s.GetWord(i))) return;
    }

    internal static void Lxvh8x(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ulong ea = EaX(c, w);
        var v = new Vec128();
        for (int i = 0; i < 8; i++)
        {
            if (!c.Load16(ea + (ulong)(2 * i), out ushort x)) return;
            v.SetHalf(i, x);
        }
        c.Vsr[Xt(w)] = v;
    }

    internal static void Stxvh8x(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ulong ea = EaX(c, w);
        Vec128 s = c.Vsr[Xs(w)];
        for (int i = 0; i < 8; i++)
            if (!c.Store16(ea + (ulong)(2 * i), s.GetHalf(i))) return;
    }

    internal static void Lxvb16x(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ulong ea = EaX(c, w);
        var v = new Vec128();
        for (int i = 0; i < 16; i++)
        {
            if (!c.Load8(ea + (ulong)i, out byte x)) return;
            v.SetByte(i, x);
        }
        c.Vsr[Xt(w)] = v;
    }

    internal static void Stxvb16x(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ulong ea = EaX(c, w);
        Vec128 s = c.Vsr[Xs(w)];
        for (int i = 0; i < 16; i++)
            if (!c.Store8(ea + (ulong)i, s.GetByte(i))) return;
    }

    internal static void Lxvdsx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        if (c.Load64(EaX(c, w), out ulong d)) c.Vsr[Xt(w)] = new Vec128(d, d);
    }

    internal static void Lxvwsx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        if (!c.Load32(EaX(c, w), out uint x)) return;
        ulong d = ((ulong)x << 32) | x;
        c.Vsr[Xt(w)] = new Vec128(d, d);
    }

    /// <summary>
    /// lxvl/lxvll/stxvl/stxvll: the byte count is RB[0:7] (capped at 16). lxvl/stxvl move the bytes
    /// of the quadword's storage order (left-justified in BE, right-justified in LE);
    /// lxvll/stxvll always fill the register from the left, as on a big-endian machine.
    /// </summary>
    private static int LengthCount(Cpu c, uint w) => (int)Math.Min(16UL, c.Gpr[Rb(w)] >> 56);

    internal static void Lxvl(Cpu c, uint w) => LoadWithLength(c, w, leftJustified: false);
    internal static void Lxvll(Cpu c, uint w) => LoadWithLength(c, w, leftJustified: true);
    internal static void Stxvl(Cpu c, uint w) => StoreWithLength(c, w, leftJustified: false);
    internal static void Stxvll(Cpu c, uint w) => StoreWithLength(c, w, leftJustified: true);

    private static void LoadWithLength(Cpu c, uint w, bool leftJustified)
    {
        if (!VsxOk(c)) return;
        ulong ea = Ra0(w) == 0 ? 0 : c.Gpr[Ra0(w)];
        int n = LengthCount(c, w);
        var v = new Vec128();
        for (int i = 0; i < n; i++)
        {
            if (!c.Load8(ea + (ulong)i, out byte x)) return;
            // Byte i of storage goes to register byte i (BE, or lxvll) or 15-i (LE lxvl).
            v.SetByte(c.LittleEndian && !leftJustified ? 15 - i : i, x);
        }
        c.Vsr[Xt(w)] = v;
    }

    private static void StoreWithLength(Cpu c, uint w, bool leftJustified)
    {
        if (!VsxOk(c)) return;
        ulong ea = Ra0(w) == 0 ? 0 : c.Gpr[Ra0(w)];
        int n = LengthCount(c, w);
        Vec128 s = c.Vsr[Xs(w)];
        for (int i = 0; i < n; i++)
            if (!c.Store8(ea + (ulong)i, s.GetByte(c.LittleEndian && !leftJustified ? 15 - i : i))) return;
    }

    // ---- scalar loads/stores: doubleword 0 of the target. The ISA leaves doubleword 1 undefined for
    // the X-forms (PpcSim, like qemu, leaves it as it was) and zeroes it for lxsd/lxssp. ----
    internal static void Lxsdx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        if (c.Load64(EaX(c, w), out ulong d)) c.Vsr[Xt(w)].Dw0 = d;
    }

    internal static void Stxsdx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        c.Store64(EaX(c, w), c.Vsr[Xs(w)].Dw0);
    }

    internal static void Lxsiwax(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        if (c.Load32(EaX(c, w), out uint x)) c.Vsr[Xt(w)].Dw0 = (ulong)(long)(int)x;
    }

    internal static void Lxsiwzx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        if (c.Load32(EaX(c, w), out uint x)) c.Vsr[Xt(w)].Dw0 = x;
    }

    internal static void Stxsiwx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        c.Store32(EaX(c, w), (uint)c.Vsr[Xs(w)].Dw0);
    }

    internal static void Lxsibzx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        if (c.Load8(EaX(c, w), out byte x)) c.Vsr[Xt(w)].Dw0 = x;
    }

    internal static void Lxsihzx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        if (c.Load16(EaX(c, w), out ushort x)) c.Vsr[Xt(w)].Dw0 = x;
    }

    internal static void Stxsibx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        c.Store8(EaX(c, w), (byte)c.Vsr[Xs(w)].Dw0);
    }

    internal static void Stxsihx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        c.Store16(EaX(c, w), (ushort)c.Vsr[Xs(w)].Dw0);
    }

    internal static void Lxsspx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        if (c.Load32(EaX(c, w), out uint x)) c.Vsr[Xt(w)].Dw0 = SingleBitsToDouble(x);
    }

    internal static void Stxsspx(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        c.Store32(EaX(c, w), DoubleBitsToSingle(c.Vsr[Xs(w)].Dw0));
    }

    internal static void Lxsd(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        if (c.Load64(EaD(c, w, Ds(w)), out ulong d)) c.Vr(Vrt(w)) = new Vec128(d, 0);
    }

    internal static void Stxsd(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        c.Store64(EaD(c, w, Ds(w)), c.Vr(Vrs(w)).Dw0);
    }

    internal static void Lxssp(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        if (c.Load32(EaD(c, w, Ds(w)), out uint x)) c.Vr(Vrt(w)) = new Vec128(SingleBitsToDouble(x), 0);
    }

    internal static void Stxssp(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        c.Store32(EaD(c, w, Ds(w)), DoubleBitsToSingle(c.Vr(Vrs(w)).Dw0));
    }

    /// <summary>
    /// Single to double format exactly as the FP loads do (Book I 4.6.2): no rounding and no
    /// quieting, so signalling NaNs stay signalling; denormals are normalized.
    /// </summary>
    internal static ulong SingleBitsToDouble(uint s)
    {
        ulong sign = (ulong)(s >> 31) << 63;
        uint exp = (s >> 23) & 0xff, frac = s & 0x7fffff;
        if (exp == 0xff) return sign | (0x7ffUL << 52) | ((ulong)frac << 29);
        if (exp != 0) return sign | ((ulong)(exp - 127 + 1023) << 52) | ((ulong)frac << 29);
        if (frac == 0) return sign;
        int e = -126;
        while ((frac & 0x800000) == 0) { frac <<= 1; e--; }
        return sign | ((ulong)(e + 1023) << 52) | ((ulong)(frac & 0x7fffff) << 29);
    }

    /// <summary>
    /// Double to single format as the FP stores do (Book I 4.6.3): truncating, denormalizing values
    /// in the single denormal range. Smaller magnitudes are undefined in the ISA; like qemu, they
    /// store a signed zero.
    /// </summary>
    internal static uint DoubleBitsToSingle(ulong d)
    {
        int exp = (int)((d >> 52) & 0x7ff);
        if (exp > 896)
            return (uint)((d >> 32) & 0xc0000000) | (uint)((d >> 29) & 0x3fffffff);
        uint sign = (uint)(d >> 63) << 31;
        if (exp < 874) return sign;
        ulong frac = (1UL << 52) | (d & 0xfffffffffffffUL);
        return sign | (uint)(frac >> (926 - exp));
    }

    // ---- moves between GPRs and VSRs; XS/XT's high bit is the word's bit 31 ----
    private static int XsOf(uint w) => (int)((w >> 21) & 31) | (int)((w & 1) << 5);

    internal static void Mfvsrd(Cpu c, uint w)
    {
        int n = XsOf(w);
        if (!(n < 32 ? FpOrVsxOk(c) : VmxOk(c))) return;
        c.Gpr[Ra(w)] = c.Vsr[n].Dw0;
    }

    internal static void Mfvsrwz(Cpu c, uint w)
    {
        int n = XsOf(w);
        if (!(n < 32 ? FpOrVsxOk(c) : VmxOk(c))) return;
        c.Gpr[Ra(w)] = (uint)c.Vsr[n].Dw0;
    }

    internal static void Mtvsrd(Cpu c, uint w)
    {
        int n = XsOf(w);
        if (!(n < 32 ? FpOrVsxOk(c) : VmxOk(c))) return;
        c.Vsr[n].Dw0 = c.Gpr[Ra(w)];
    }

    internal static void Mtvsrwa(Cpu c, uint w)
    {
        int n = XsOf(w);
        if (!(n < 32 ? FpOrVsxOk(c) : VmxOk(c))) return;
        c.Vsr[n].Dw0 = (ulong)(long)(int)c.Gpr[Ra(w)];
    }

    internal static void Mtvsrwz(Cpu c, uint w)
    {
        int n = XsOf(w);
        if (!(n < 32 ? FpOrVsxOk(c) : VmxOk(c))) return;
        c.Vsr[n].Dw0 = (uint)c.Gpr[Ra(w)];
    }

    /// <summary>mfvsrd and friends on VSR 0-31 need MSR[FP] (ISA 3.0B: FP Unavailable), on 32-63 MSR[VEC].</summary>
    private static bool FpOrVsxOk(Cpu c)
    {
        if ((c.Msr & Msr.FP) != 0) return true;
        c.Raise(Interrupt.FpUnavailable);
        return false;
    }

    internal static void Mfvsrld(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        c.Gpr[Ra(w)] = c.Vsr[Xs(w)].Dw1;
    }

    internal static void Mtvsrdd(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        c.Vsr[Xt(w)] = new Vec128(Ra0(w) == 0 ? 0 : c.Gpr[Ra0(w)], c.Gpr[Rb(w)]);
    }

    internal static void Mtvsrws(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ulong x = (uint)c.Gpr[Ra(w)];
        c.Vsr[Xt(w)] = new Vec128((x << 32) | x, (x << 32) | x);
    }

    // ---- logical ----
    private static void XLogic(Cpu c, uint w, Func<UInt128, UInt128, UInt128> f)
    {
        if (!VsxOk(c)) return;
        SetXT(c, w, f(XA(c, w), XB(c, w)));
    }

    internal static void Xxland(Cpu c, uint w) => XLogic(c, w, static (a, b) => a & b);
    internal static void Xxlandc(Cpu c, uint w) => XLogic(c, w, static (a, b) => a & ~b);
    internal static void Xxlor(Cpu c, uint w) => XLogic(c, w, static (a, b) => a | b);
    internal static void Xxlorc(Cpu c, uint w) => XLogic(c, w, static (a, b) => a | ~b);
    internal static void Xxlxor(Cpu c, uint w) => XLogic(c, w, static (a, b) => a ^ b);
    internal static void Xxlnor(Cpu c, uint w) => XLogic(c, w, static (a, b) => ~(a | b));
    internal static void Xxlnand(Cpu c, uint w) => XLogic(c, w, static (a, b) => ~(a & b));
    internal static void Xxleqv(Cpu c, uint w) => XLogic(c, w, static (a, b) => ~(a ^ b));

    internal static void Xxsel(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        UInt128 m = c.Vsr[Xc(w)].ToUInt128();
        SetXT(c, w, (XA(c, w) & ~m) | (XB(c, w) & m));
    }

    // ---- permute, merge, splat ----
    internal static void Xxsldwi(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        int sh = Xshw(w) * 32;
        UInt128 a = XA(c, w), b = XB(c, w);
        SetXT(c, w, sh == 0 ? a : (a << sh) | (b >> (128 - sh)));
    }

    internal static void Xxpermdi(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        Vec128 a = c.Vsr[Xa(w)], b = c.Vsr[Xb(w)];
        int dm = Xdm(w);
        c.Vsr[Xt(w)] = new Vec128((dm & 2) != 0 ? a.Dw1 : a.Dw0, (dm & 1) != 0 ? b.Dw1 : b.Dw0);
    }

    internal static void Xxmrghw(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        Vec128 a = c.Vsr[Xa(w)], b = c.Vsr[Xb(w)];
        SetXT(c, w, Words(a.GetWord(0), b.GetWord(0), a.GetWord(1), b.GetWord(1)));
    }

    internal static void Xxmrglw(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        Vec128 a = c.Vsr[Xa(w)], b = c.Vsr[Xb(w)];
        SetXT(c, w, Words(a.GetWord(2), b.GetWord(2), a.GetWord(3), b.GetWord(3)));
    }

    /// <summary>xxperm/xxpermr: bytes of XA||XT chosen by the bytes of XB.</summary>
    private static void XPerm(Cpu c, uint w, bool reverse)
    {
        if (!VsxOk(c)) return;
        UInt128 a = XA(c, w), t = c.Vsr[Xt(w)].ToUInt128(), ctl = XB(c, w), r = 0;
        for (int i = 0; i < 16; i++)
        {
            int idx = (int)(Lane(ctl, 8, i) & 31);
            r = (r << 8) | Byte32(a, t, reverse ? 31 - idx : idx);
        }
        SetXT(c, w, r);
    }

    internal static void Xxperm(Cpu c, uint w) => XPerm(c, w, false);
    internal static void Xxpermr(Cpu c, uint w) => XPerm(c, w, true);

    internal static void Xxspltw(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ulong x = c.Vsr[Xb(w)].GetWord(Xuim2(w));
        SetXT(c, w, Words(x, x, x, x));
    }

    internal static void Xxspltib(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        ulong b = (ulong)Ximm8(w) * 0x0101010101010101UL;
        c.Vsr[Xt(w)] = new Vec128(b, b);
    }

    internal static void Xxextractuw(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        c.Vsr[Xt(w)] = new Vec128(Bytes(XB(c, w), Xuim4(w), 4), 0);
    }

    internal static void Xxinsertw(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        uint src = c.Vsr[Xb(w)].GetWord(1);
        UInt128 t = c.Vsr[Xt(w)].ToUInt128();
        int start = Xuim4(w);
        for (int i = 0; i < 4 && start + i < 16; i++) t = WithLane(t, 8, start + i, (src >> (8 * (3 - i))) & 0xff);
        SetXT(c, w, t);
    }

    // ---- byte reverse ----
    internal static void Xxbrh(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        Vec128 b = c.Vsr[Xb(w)];
        static ulong Swap16(ulong x) => ((x & 0x00ff00ff00ff00ffUL) << 8) | ((x >> 8) & 0x00ff00ff00ff00ffUL);
        c.Vsr[Xt(w)] = new Vec128(Swap16(b.Dw0), Swap16(b.Dw1));
    }

    internal static void Xxbrw(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        Vec128 b = c.Vsr[Xb(w)];
        static ulong Swap32(ulong x) => ((ulong)BinaryPrimitives.ReverseEndianness((uint)(x >> 32)) << 32) | BinaryPrimitives.ReverseEndianness((uint)x);
        c.Vsr[Xt(w)] = new Vec128(Swap32(b.Dw0), Swap32(b.Dw1));
    }

    internal static void Xxbrd(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        Vec128 b = c.Vsr[Xb(w)];
        c.Vsr[Xt(w)] = new Vec128(BinaryPrimitives.ReverseEndianness(b.Dw0), BinaryPrimitives.ReverseEndianness(b.Dw1));
    }

    internal static void Xxbrq(Cpu c, uint w)
    {
        if (!VsxOk(c)) return;
        Vec128 b = c.Vsr[Xb(w)];
        c.Vsr[Xt(w)] = new Vec128(BinaryPrimitives.ReverseEndianness(b.Dw1), BinaryPrimitives.ReverseEndianness(b.Dw0));
    }
}
