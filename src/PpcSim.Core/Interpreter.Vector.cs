using System.Numerics;
using System.Runtime.CompilerServices;
using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Power ISA 3.0B Book I chapter 6: Vector facility (VMX), integer part. Elements are numbered as
// the ISA numbers them (element 0 is the most significant), so register semantics do not depend on
// MSR[LE]; only the loads and stores do. Lane helpers work on the register as a UInt128.
public static unsafe partial class Interpreter
{
    /// <summary>MSR[VEC]=0: Vector Unavailable interrupt (Book III 7.5.15); the instruction does nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool VmxOk(Cpu c)
    {
        if ((c.Msr & Msr.VEC) != 0) return true;
        c.Raise(Interrupt.VmxUnavailable);
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 VrA(Cpu c, uint w) => c.Vr(Vra(w)).ToUInt128();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 VrB(Cpu c, uint w) => c.Vr(Vrb(w)).ToUInt128();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 VrC(Cpu c, uint w) => c.Vr(Vrc(w)).ToUInt128();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetVrT(Cpu c, uint w, UInt128 v) => c.Vr(Vrt(w)) = Vec128.FromUInt128(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LaneMask(int bits) => bits >= 64 ? ulong.MaxValue : (1UL << bits) - 1;

    /// <summary>Element i (0 = most significant) of width <paramref name="bits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Lane(UInt128 v, int bits, int i) => (ulong)(v >> (128 - bits * (i + 1))) & LaneMask(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static UInt128 WithLane(UInt128 v, int bits, int i, ulong x)
    {
        int sh = 128 - bits * (i + 1);
        UInt128 m = (UInt128)LaneMask(bits) << sh;
        return (v & ~m) | (((UInt128)(x & LaneMask(bits))) << sh);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Sx(ulong v, int bits) => bits >= 64 ? (long)v : (long)(v << (64 - bits)) >> (64 - bits);

    private static void SetSat(Cpu c, bool sat)
    {
        if (sat) c.Vscr |= 1;
    }

    /// <summary>VRT[i] = f(VRA[i], VRB[i]) for every element of the given width.</summary>
    private static void Map2(Cpu c, uint w, int bits, delegate*<ulong, ulong, ulong> f)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        ulong m = LaneMask(bits);
        for (int sh = 128 - bits; sh >= 0; sh -= bits)
            r = (r << bits) | (f((ulong)(a >> sh) & m, (ulong)(b >> sh) & m) & m);
        SetVrT(c, w, r);
    }

    /// <summary>Like <see cref="Map2"/> for saturating ops: f reports saturation, which sets VSCR[SAT].</summary>
    private static void Map2Sat(Cpu c, uint w, int bits, delegate*<ulong, ulong, ref bool, ulong> f)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        ulong m = LaneMask(bits);
        bool sat = false;
        for (int sh = 128 - bits; sh >= 0; sh -= bits)
            r = (r << bits) | (f((ulong)(a >> sh) & m, (ulong)(b >> sh) & m, ref sat) & m);
        SetVrT(c, w, r);
        SetSat(c, sat);
    }

    /// <summary>VRT[i] = f(VRB[i]).</summary>
    private static void Map1(Cpu c, uint w, int bits, delegate*<ulong, ulong> f)
    {
        if (!VmxOk(c)) return;
        UInt128 b = VrB(c, w), r = 0;
        ulong m = LaneMask(bits);
        for (int sh = 128 - bits; sh >= 0; sh -= bits)
            r = (r << bits) | (f((ulong)(b >> sh) & m) & m);
        SetVrT(c, w, r);
    }

    /// <summary>Compares: VRT[i] = all ones where f holds; the record form (Rc, bit 21) sets CR6.</summary>
    private static void Compare(Cpu c, uint w, int bits, delegate*<ulong, ulong, bool> f)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        ulong m = LaneMask(bits);
        bool all = true, none = true;
        for (int sh = 128 - bits; sh >= 0; sh -= bits)
        {
            bool t = f((ulong)(a >> sh) & m, (ulong)(b >> sh) & m);
            all &= t;
            none &= !t;
            r = (r << bits) | (t ? m : 0);
        }
        SetVrT(c, w, r);
        if ((w & 0x400) != 0) SetCrField(c, 6, (all ? 8u : 0) | (none ? 2u : 0));
    }

    // ---- saturation helpers ----
    private static ulong SatS(long v, int bits, ref bool sat)
    {
        long max = (1L << (bits - 1)) - 1, min = -(1L << (bits - 1));
        if (v > max) { sat = true; return (ulong)max & LaneMask(bits); }
        if (v < min) { sat = true; return (ulong)min & LaneMask(bits); }
        return (ulong)v & LaneMask(bits);
    }

    private static ulong SatU(long v, int bits, ref bool sat)
    {
        long max = (long)LaneMask(bits);
        if (v > max) { sat = true; return (ulong)max; }
        if (v < 0) { sat = true; return 0; }
        return (ulong)v;
    }

    /// <summary>Unsigned saturation of a non-negative 128-bit-safe value held in a UInt128 (for doublewords).</summary>
    private static ulong SatU64(Int128 v, int bits, ref bool sat)
    {
        Int128 max = (Int128)LaneMask(bits);
        if (v > max) { sat = true; return LaneMask(bits); }
        if (v < 0) { sat = true; return 0; }
        return (ulong)v;
    }

    private static ulong SatS64(Int128 v, int bits, ref bool sat)
    {
        Int128 max = ((Int128)1 << (bits - 1)) - 1, min = -((Int128)1 << (bits - 1));
        if (v > max) { sat = true; return (ulong)max & LaneMask(bits); }
        if (v < min) { sat = true; return (ulong)min & LaneMask(bits); }
        return (ulong)v & LaneMask(bits);
    }

    // ---- 6.9.1 integer add / subtract ----
    private static ulong AddM(ulong a, ulong b) => a + b;
    private static ulong SubM(ulong a, ulong b) => a - b;
    internal static void Vaddubm(Cpu c, uint w) => Map2(c, w, 8, &AddM);
    internal static void Vadduhm(Cpu c, uint w) => Map2(c, w, 16, &AddM);
    internal static void Vadduwm(Cpu c, uint w) => Map2(c, w, 32, &AddM);
    internal static void Vaddudm(Cpu c, uint w) => Map2(c, w, 64, &AddM);
    internal static void Vsububm(Cpu c, uint w) => Map2(c, w, 8, &SubM);
    internal static void Vsubuhm(Cpu c, uint w) => Map2(c, w, 16, &SubM);
    internal static void Vsubuwm(Cpu c, uint w) => Map2(c, w, 32, &SubM);
    internal static void Vsubudm(Cpu c, uint w) => Map2(c, w, 64, &SubM);

    private static ulong AddUbs(ulong a, ulong b, ref bool s) => SatU((long)(a + b), 8, ref s);
    private static ulong AddUhs(ulong a, ulong b, ref bool s) => SatU((long)(a + b), 16, ref s);
    private static ulong AddUws(ulong a, ulong b, ref bool s) => SatU((long)(a + b), 32, ref s);
    private static ulong AddSbs(ulong a, ulong b, ref bool s) => SatS(Sx(a, 8) + Sx(b, 8), 8, ref s);
    private static ulong AddShs(ulong a, ulong b, ref bool s) => SatS(Sx(a, 16) + Sx(b, 16), 16, ref s);
    private static ulong AddSws(ulong a, ulong b, ref bool s) => SatS(Sx(a, 32) + Sx(b, 32), 32, ref s);
    private static ulong SubUbs(ulong a, ulong b, ref bool s) => SatU((long)a - (long)b, 8, ref s);
    private static ulong SubUhs(ulong a, ulong b, ref bool s) => SatU((long)a - (long)b, 16, ref s);
    private static ulong SubUws(ulong a, ulong b, ref bool s) => SatU((long)a - (long)b, 32, ref s);
    private static ulong SubSbs(ulong a, ulong b, ref bool s) => SatS(Sx(a, 8) - Sx(b, 8), 8, ref s);
    private static ulong SubShs(ulong a, ulong b, ref bool s) => SatS(Sx(a, 16) - Sx(b, 16), 16, ref s);
    private static ulong SubSws(ulong a, ulong b, ref bool s) => SatS(Sx(a, 32) - Sx(b, 32), 32, ref s);
    internal static void Vaddubs(Cpu c, uint w) => Map2Sat(c, w, 8, &AddUbs);
    internal static void Vadduhs(Cpu c, uint w) => Map2Sat(c, w, 16, &AddUhs);
    internal static void Vadduws(Cpu c, uint w) => Map2Sat(c, w, 32, &AddUws);
    internal static void Vaddsbs(Cpu c, uint w) => Map2Sat(c, w, 8, &AddSbs);
    internal static void Vaddshs(Cpu c, uint w) => Map2Sat(c, w, 16, &AddShs);
    internal static void Vaddsws(Cpu c, uint w) => Map2Sat(c, w, 32, &AddSws);
    internal static void Vsububs(Cpu c, uint w) => Map2Sat(c, w, 8, &SubUbs);
    internal static void Vsubuhs(Cpu c, uint w) => Map2Sat(c, w, 16, &SubUhs);
    internal static void Vsubuws(Cpu c, uint w) => Map2Sat(c, w, 32, &SubUws);
    internal static void Vsubsbs(Cpu c, uint w) => Map2Sat(c, w, 8, &SubSbs);
    internal static void Vsubshs(Cpu c, uint w) => Map2Sat(c, w, 16, &SubShs);
    internal static void Vsubsws(Cpu c, uint w) => Map2Sat(c, w, 32, &SubSws);

    private static ulong CarryW(ulong a, ulong b) => (a + b) >> 32;
    private static ulong BorrowW(ulong a, ulong b) => a >= b ? 1UL : 0UL; // carry out of a + ~b + 1
    internal static void Vaddcuw(Cpu c, uint w) => Map2(c, w, 32, &CarryW);
    internal static void Vsubcuw(Cpu c, uint w) => Map2(c, w, 32, &BorrowW);

    private static void Quad(Cpu c, uint w, Func<UInt128, UInt128, UInt128, UInt128> f)
    {
        if (!VmxOk(c)) return;
        SetVrT(c, w, f(VrA(c, w), VrB(c, w), VrC(c, w)));
    }

    internal static void Vadduqm(Cpu c, uint w) => Quad(c, w, static (a, b, _) => a + b);
    internal static void Vsubuqm(Cpu c, uint w) => Quad(c, w, static (a, b, _) => a - b);
    internal static void Vaddcuq(Cpu c, uint w) => Quad(c, w, static (a, b, _) => a + b < a ? UInt128.One : UInt128.Zero);
    internal static void Vsubcuq(Cpu c, uint w) => Quad(c, w, static (a, b, _) => a >= b ? UInt128.One : UInt128.Zero);
    internal static void Vaddeuqm(Cpu c, uint w) => Quad(c, w, static (a, b, ci) => a + b + (ci & 1));
    internal static void Vsubeuqm(Cpu c, uint w) => Quad(c, w, static (a, b, ci) => a + ~b + (ci & 1));
    internal static void Vaddecuq(Cpu c, uint w) => Quad(c, w, static (a, b, ci) => CarryOut(a, b, (ci & 1) != 0));
    internal static void Vsubecuq(Cpu c, uint w) => Quad(c, w, static (a, b, ci) => CarryOut(a, ~b, (ci & 1) != 0));

    private static UInt128 CarryOut(UInt128 a, UInt128 b, bool cin)
    {
        UInt128 s = a + b;
        bool carry = s < a;
        if (cin) { carry |= s == UInt128.MaxValue; }
        return carry ? UInt128.One : UInt128.Zero;
    }

    // ---- average, max/min, absolute difference ----
    private static ulong AvgU(ulong a, ulong b) => (ulong)(((UInt128)a + b + 1) >> 1);
    private static ulong AvgSb(ulong a, ulong b) => (ulong)((Sx(a, 8) + Sx(b, 8) + 1) >> 1);
    private static ulong AvgSh(ulong a, ulong b) => (ulong)((Sx(a, 16) + Sx(b, 16) + 1) >> 1);
    private static ulong AvgSw(ulong a, ulong b) => (ulong)((Sx(a, 32) + Sx(b, 32) + 1) >> 1);
    internal static void Vavgub(Cpu c, uint w) => Map2(c, w, 8, &AvgU);
    internal static void Vavguh(Cpu c, uint w) => Map2(c, w, 16, &AvgU);
    internal static void Vavguw(Cpu c, uint w) => Map2(c, w, 32, &AvgU);
    internal static void Vavgsb(Cpu c, uint w) => Map2(c, w, 8, &AvgSb);
    internal static void Vavgsh(Cpu c, uint w) => Map2(c, w, 16, &AvgSh);
    internal static void Vavgsw(Cpu c, uint w) => Map2(c, w, 32, &AvgSw);

    private static ulong MaxU(ulong a, ulong b) => Math.Max(a, b);
    private static ulong MinU(ulong a, ulong b) => Math.Min(a, b);
    private static ulong MaxSb(ulong a, ulong b) => Sx(a, 8) > Sx(b, 8) ? a : b;
    private static ulong MaxSh(ulong a, ulong b) => Sx(a, 16) > Sx(b, 16) ? a : b;
    private static ulong MaxSw(ulong a, ulong b) => Sx(a, 32) > Sx(b, 32) ? a : b;
    private static ulong MaxSd(ulong a, ulong b) => (long)a > (long)b ? a : b;
    private static ulong MinSb(ulong a, ulong b) => Sx(a, 8) < Sx(b, 8) ? a : b;
    private static ulong MinSh(ulong a, ulong b) => Sx(a, 16) < Sx(b, 16) ? a : b;
    private static ulong MinSw(ulong a, ulong b) => Sx(a, 32) < Sx(b, 32) ? a : b;
    private static ulong MinSd(ulong a, ulong b) => (long)a < (long)b ? a : b;
    internal static void Vmaxub(Cpu c, uint w) => Map2(c, w, 8, &MaxU);
    internal static void Vmaxuh(Cpu c, uint w) => Map2(c, w, 16, &MaxU);
    internal static void Vmaxuw(Cpu c, uint w) => Map2(c, w, 32, &MaxU);
    internal static void Vmaxud(Cpu c, uint w) => Map2(c, w, 64, &MaxU);
    internal static void Vminub(Cpu c, uint w) => Map2(c, w, 8, &MinU);
    internal static void Vminuh(Cpu c, uint w) => Map2(c, w, 16, &MinU);
    internal static void Vminuw(Cpu c, uint w) => Map2(c, w, 32, &MinU);
    internal static void Vminud(Cpu c, uint w) => Map2(c, w, 64, &MinU);
    internal static void Vmaxsb(Cpu c, uint w) => Map2(c, w, 8, &MaxSb);
    internal static void Vmaxsh(Cpu c, uint w) => Map2(c, w, 16, &MaxSh);
    internal static void Vmaxsw(Cpu c, uint w) => Map2(c, w, 32, &MaxSw);
    internal static void Vmaxsd(Cpu c, uint w) => Map2(c, w, 64, &MaxSd);
    internal static void Vminsb(Cpu c, uint w) => Map2(c, w, 8, &MinSb);
    internal static void Vminsh(Cpu c, uint w) => Map2(c, w, 16, &MinSh);
    internal static void Vminsw(Cpu c, uint w) => Map2(c, w, 32, &MinSw);
    internal static void Vminsd(Cpu c, uint w) => Map2(c, w, 64, &MinSd);

    private static ulong AbsD(ulong a, ulong b) => a > b ? a - b : b - a;
    internal static void Vabsdub(Cpu c, uint w) => Map2(c, w, 8, &AbsD);
    internal static void Vabsduh(Cpu c, uint w) => Map2(c, w, 16, &AbsD);
    internal static void Vabsduw(Cpu c, uint w) => Map2(c, w, 32, &AbsD);

    // ---- 6.9.3 integer compares ----
    private static bool Eq(ulong a, ulong b) => a == b;
    private static bool Ne(ulong a, ulong b) => a != b;
    private static bool Nez(ulong a, ulong b) => a != b || a == 0 || b == 0;
    private static bool GtU(ulong a, ulong b) => a > b;
    private static bool GtSb(ulong a, ulong b) => Sx(a, 8) > Sx(b, 8);
    private static bool GtSh(ulong a, ulong b) => Sx(a, 16) > Sx(b, 16);
    private static bool GtSw(ulong a, ulong b) => Sx(a, 32) > Sx(b, 32);
    private static bool GtSd(ulong a, ulong b) => (long)a > (long)b;
    internal static void Vcmpequb(Cpu c, uint w) => Compare(c, w, 8, &Eq);
    internal static void Vcmpequh(Cpu c, uint w) => Compare(c, w, 16, &Eq);
    internal static void Vcmpequw(Cpu c, uint w) => Compare(c, w, 32, &Eq);
    internal static void Vcmpequd(Cpu c, uint w) => Compare(c, w, 64, &Eq);
    internal static void Vcmpneb(Cpu c, uint w) => Compare(c, w, 8, &Ne);
    internal static void Vcmpneh(Cpu c, uint w) => Compare(c, w, 16, &Ne);
    internal static void Vcmpnew(Cpu c, uint w) => Compare(c, w, 32, &Ne);
    internal static void Vcmpnezb(Cpu c, uint w) => Compare(c, w, 8, &Nez);
    internal static void Vcmpnezh(Cpu c, uint w) => Compare(c, w, 16, &Nez);
    internal static void Vcmpnezw(Cpu c, uint w) => Compare(c, w, 32, &Nez);
    internal static void Vcmpgtub(Cpu c, uint w) => Compare(c, w, 8, &GtU);
    internal static void Vcmpgtuh(Cpu c, uint w) => Compare(c, w, 16, &GtU);
    internal static void Vcmpgtuw(Cpu c, uint w) => Compare(c, w, 32, &GtU);
    internal static void Vcmpgtud(Cpu c, uint w) => Compare(c, w, 64, &GtU);
    internal static void Vcmpgtsb(Cpu c, uint w) => Compare(c, w, 8, &GtSb);
    internal static void Vcmpgtsh(Cpu c, uint w) => Compare(c, w, 16, &GtSh);
    internal static void Vcmpgtsw(Cpu c, uint w) => Compare(c, w, 32, &GtSw);
    internal static void Vcmpgtsd(Cpu c, uint w) => Compare(c, w, 64, &GtSd);

    // ---- 6.9.4 logical ----
    private static void Logic(Cpu c, uint w, Func<UInt128, UInt128, UInt128> f)
    {
        if (!VmxOk(c)) return;
        SetVrT(c, w, f(VrA(c, w), VrB(c, w)));
    }

    internal static void Vand(Cpu c, uint w) => Logic(c, w, static (a, b) => a & b);
    internal static void Vandc(Cpu c, uint w) => Logic(c, w, static (a, b) => a & ~b);
    internal static void Vor(Cpu c, uint w) => Logic(c, w, static (a, b) => a | b);
    internal static void Vorc(Cpu c, uint w) => Logic(c, w, static (a, b) => a | ~b);
    internal static void Vxor(Cpu c, uint w) => Logic(c, w, static (a, b) => a ^ b);
    internal static void Vnor(Cpu c, uint w) => Logic(c, w, static (a, b) => ~(a | b));
    internal static void Vnand(Cpu c, uint w) => Logic(c, w, static (a, b) => ~(a & b));
    internal static void Veqv(Cpu c, uint w) => Logic(c, w, static (a, b) => ~(a ^ b));

    internal static void Vsel(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 m = VrC(c, w);
        SetVrT(c, w, (VrA(c, w) & ~m) | (VrB(c, w) & m));
    }

    // ---- 6.9.5 rotate and shift ----
    private static ulong Rl8(ulong a, ulong b) => (ulong)(byte)((a << (int)(b & 7)) | (a >> (8 - (int)(b & 7))));
    private static ulong Rl16(ulong a, ulong b) => (ulong)(ushort)((a << (int)(b & 15)) | (a >> (16 - (int)(b & 15))));
    private static ulong Rl32(ulong a, ulong b) => BitOperations.RotateLeft((uint)a, (int)(b & 31));
    private static ulong Rl64(ulong a, ulong b) => BitOperations.RotateLeft(a, (int)(b & 63));
    private static ulong Sl8(ulong a, ulong b) => a << (int)(b & 7);
    private static ulong Sl16(ulong a, ulong b) => a << (int)(b & 15);
    private static ulong Sl32(ulong a, ulong b) => a << (int)(b & 31);
    private static ulong Sl64(ulong a, ulong b) => a << (int)(b & 63);
    private static ulong Sr8(ulong a, ulong b) => a >> (int)(b & 7);
    private static ulong Sr16(ulong a, ulong b) => a >> (int)(b & 15);
    private static ulong Sr32(ulong a, ulong b) => a >> (int)(b & 31);
    private static ulong Sr64(ulong a, ulong b) => a >> (int)(b & 63);
    private static ulong Sra8(ulong a, ulong b) => (ulong)(Sx(a, 8) >> (int)(b & 7));
    private static ulong Sra16(ulong a, ulong b) => (ulong)(Sx(a, 16) >> (int)(b & 15));
    private static ulong Sra32(ulong a, ulong b) => (ulong)(Sx(a, 32) >> (int)(b & 31));
    private static ulong Sra64(ulong a, ulong b) => (ulong)((long)a >> (int)(b & 63));
    internal static void Vrlb(Cpu c, uint w) => Map2(c, w, 8, &Rl8);
    internal static void Vrlh(Cpu c, uint w) => Map2(c, w, 16, &Rl16);
    internal static void Vrlw(Cpu c, uint w) => Map2(c, w, 32, &Rl32);
    internal static void Vrld(Cpu c, uint w) => Map2(c, w, 64, &Rl64);
    internal static void Vslb(Cpu c, uint w) => Map2(c, w, 8, &Sl8);
    internal static void Vslh(Cpu c, uint w) => Map2(c, w, 16, &Sl16);
    internal static void Vslw(Cpu c, uint w) => Map2(c, w, 32, &Sl32);
    internal static void Vsld(Cpu c, uint w) => Map2(c, w, 64, &Sl64);
    internal static void Vsrb(Cpu c, uint w) => Map2(c, w, 8, &Sr8);
    internal static void Vsrh(Cpu c, uint w) => Map2(c, w, 16, &Sr16);
    internal static void Vsrw(Cpu c, uint w) => Map2(c, w, 32, &Sr32);
    internal static void Vsrd(Cpu c, uint w) => Map2(c, w, 64, &Sr64);
    internal static void Vsrab(Cpu c, uint w) => Map2(c, w, 8, &Sra8);
    internal static void Vsrah(Cpu c, uint w) => Map2(c, w, 16, &Sra16);
    internal static void Vsraw(Cpu c, uint w) => Map2(c, w, 32, &Sra32);
    internal static void Vsrad(Cpu c, uint w) => Map2(c, w, 64, &Sra64);

    /// <summary>MASK(mb, me) on an n-bit element, ISA bit numbering (0 = MSB), wrapping when mb &gt; me.</summary>
    private static ulong RotMask(int mb, int me, int n)
    {
        ulong all = LaneMask(n);
        ulong fromMb = all >> mb;                   // bits mb..n-1
        ulong toMe = all & ~(all >> (me + 1));      // bits 0..me
        if (me + 1 >= n) toMe = all;
        return mb <= me ? fromMb & toMe : (fromMb | toMe) & all;
    }

    /// <summary>vrlwmi/vrlwnm/vrldmi/vrldnm (ISA 3.0): VRB holds mb, me and sh per element.</summary>
    private static void RotateMask(Cpu c, uint w, int n, bool insert)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), t = c.Vr(Vrt(w)).ToUInt128(), r = 0;
        int lanes = 128 / n;
        for (int i = 0; i < lanes; i++)
        {
            ulong src = Lane(a, n, i), ctl = Lane(b, n, i);
            int mask = n - 1;
            int mb = (int)(ctl >> 16) & mask, me = (int)(ctl >> 8) & mask, sh = (int)ctl & mask;
            ulong rot = n == 32 ? BitOperations.RotateLeft((uint)src, sh) : BitOperations.RotateLeft(src, sh);
            ulong m = RotMask(mb, me, n);
            ulong v = insert ? (rot & m) | (Lane(t, n, i) & ~m) : rot & m;
            r = (r << n) | v;
        }
        SetVrT(c, w, r);
    }

    internal static void Vrlwmi(Cpu c, uint w) => RotateMask(c, w, 32, insert: true);
    internal static void Vrlwnm(Cpu c, uint w) => RotateMask(c, w, 32, insert: false);
    internal static void Vrldmi(Cpu c, uint w) => RotateMask(c, w, 64, insert: true);
    internal static void Vrldnm(Cpu c, uint w) => RotateMask(c, w, 64, insert: false);

    // vsl/vsr shift the whole register by VRB[125:127] (the ISA asks for the same count in every
    // byte; like qemu, the count comes from byte 15), vslo/vsro by octets from VRB[121:124].
    internal static void Vsl(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        SetVrT(c, w, VrA(c, w) << (int)(Lane(VrB(c, w), 8, 15) & 7));
    }

    internal static void Vsr(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        SetVrT(c, w, VrA(c, w) >> (int)(Lane(VrB(c, w), 8, 15) & 7));
    }

    internal static void Vslo(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        int sh = (int)((Lane(VrB(c, w), 8, 15) >> 3) & 15) * 8;
        SetVrT(c, w, VrA(c, w) << sh);
    }

    internal static void Vsro(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        int sh = (int)((Lane(VrB(c, w), 8, 15) >> 3) & 15) * 8;
        SetVrT(c, w, VrA(c, w) >> sh);
    }

    internal static void Vslv(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        for (int i = 0; i < 16; i++)
        {
            ulong src = (Lane(a, 8, i) << 8) | (i < 15 ? Lane(a, 8, i + 1) : 0);
            r = (r << 8) | ((src << (int)(Lane(b, 8, i) & 7)) >> 8 & 0xff);
        }
        SetVrT(c, w, r);
    }

    internal static void Vsrv(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        for (int i = 0; i < 16; i++)
        {
            ulong src = ((i > 0 ? Lane(a, 8, i - 1) : 0) << 8) | Lane(a, 8, i);
            r = (r << 8) | ((src >> (int)(Lane(b, 8, i) & 7)) & 0xff);
        }
        SetVrT(c, w, r);
    }

    internal static void Vsldoi(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        int sh = Vshb(w) * 8;
        UInt128 a = VrA(c, w), b = VrB(c, w);
        SetVrT(c, w, sh == 0 ? a : (a << sh) | (b >> (128 - sh)));
    }

    // ---- 6.8 permute, splat, merge ----
    private static byte Byte32(UInt128 hi, UInt128 lo, int idx) => (byte)(idx < 16 ? Lane(hi, 8, idx) : Lane(lo, 8, idx - 16));

    internal static void Vperm(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), ctl = VrC(c, w), r = 0;
        for (int i = 0; i < 16; i++) r = (r << 8) | Byte32(a, b, (int)(Lane(ctl, 8, i) & 31));
        SetVrT(c, w, r);
    }

    internal static void Vpermr(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), ctl = VrC(c, w), r = 0;
        for (int i = 0; i < 16; i++) r = (r << 8) | Byte32(a, b, 31 - (int)(Lane(ctl, 8, i) & 31));
        SetVrT(c, w, r);
    }

    internal static void Vpermxor(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), ctl = VrC(c, w), r = 0;
        for (int i = 0; i < 16; i++)
        {
            ulong k = Lane(ctl, 8, i);
            r = (r << 8) | (Lane(a, 8, (int)(k >> 4)) ^ Lane(b, 8, (int)(k & 15)));
        }
        SetVrT(c, w, r);
    }

    private static void Splat(Cpu c, uint w, int bits, int idx)
    {
        if (!VmxOk(c)) return;
        ulong v = Lane(VrB(c, w), bits, idx & (128 / bits - 1));
        UInt128 r = 0;
        for (int i = 0; i < 128 / bits; i++) r = (r << bits) | v;
        SetVrT(c, w, r);
    }

    internal static void Vspltb(Cpu c, uint w) => Splat(c, w, 8, Vuim4(w));
    internal static void Vsplth(Cpu c, uint w) => Splat(c, w, 16, Vuim3(w));
    internal static void Vspltw(Cpu c, uint w) => Splat(c, w, 32, Vuim2(w));

    private static void SplatImm(Cpu c, uint w, int bits)
    {
        if (!VmxOk(c)) return;
        ulong v = (ulong)Vsim(w) & LaneMask(bits);
        UInt128 r = 0;
        for (int i = 0; i < 128 / bits; i++) r = (r << bits) | v;
        SetVrT(c, w, r);
    }

    internal static void Vspltisb(Cpu c, uint w) => SplatImm(c, w, 8);
    internal static void Vspltish(Cpu c, uint w) => SplatImm(c, w, 16);
    internal static void Vspltisw(Cpu c, uint w) => SplatImm(c, w, 32);

    /// <summary>Merge high (first) or low (second) halves: T = A[k], B[k], A[k+1], B[k+1], ...</summary>
    private static void Merge(Cpu c, uint w, int bits, bool low)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        int n = 128 / bits, start = low ? n / 2 : 0;
        for (int i = 0; i < n / 2; i++) r = (r << (2 * bits)) | ((UInt128)Lane(a, bits, start + i) << bits) | Lane(b, bits, start + i);
        SetVrT(c, w, r);
    }

    internal static void Vmrghb(Cpu c, uint w) => Merge(c, w, 8, false);
    internal static void Vmrghh(Cpu c, uint w) => Merge(c, w, 16, false);
    internal static void Vmrghw(Cpu c, uint w) => Merge(c, w, 32, false);
    internal static void Vmrglb(Cpu c, uint w) => Merge(c, w, 8, true);
    internal static void Vmrglh(Cpu c, uint w) => Merge(c, w, 16, true);
    internal static void Vmrglw(Cpu c, uint w) => Merge(c, w, 32, true);

    internal static void Vmrgew(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w);
        SetVrT(c, w, Words(Lane(a, 32, 0), Lane(b, 32, 0), Lane(a, 32, 2), Lane(b, 32, 2)));
    }

    internal static void Vmrgow(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w);
        SetVrT(c, w, Words(Lane(a, 32, 1), Lane(b, 32, 1), Lane(a, 32, 3), Lane(b, 32, 3)));
    }

    internal static UInt128 Words(ulong w0, ulong w1, ulong w2, ulong w3) =>
        new((w0 << 32) | (uint)w1, (w2 << 32) | (uint)w3);

    // ---- 6.9.2 pack / unpack ----
    /// <summary>Packs the 2n source elements of A||B (width 2*bits) into n elements of width bits.</summary>
    private static void Pack(Cpu c, uint w, int bits, bool signedSrc, bool saturate, bool signedDst)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        int src = bits * 2, n = 128 / src;
        bool sat = false;
        for (int i = 0; i < 2 * n; i++)
        {
            ulong e = i < n ? Lane(a, src, i) : Lane(b, src, i - n);
            ulong v;
            if (!saturate) v = e & LaneMask(bits);
            else
            {
                Int128 x = signedSrc ? (Int128)Sx(e, src) : (Int128)e;
                v = signedDst ? SatS64(x, bits, ref sat) : SatU64(x, bits, ref sat);
            }
            r = (r << bits) | v;
        }
        SetVrT(c, w, r);
        SetSat(c, sat);
    }

    internal static void Vpkuhum(Cpu c, uint w) => Pack(c, w, 8, false, false, false);
    internal static void Vpkuwum(Cpu c, uint w) => Pack(c, w, 16, false, false, false);
    internal static void Vpkudum(Cpu c, uint w) => Pack(c, w, 32, false, false, false);
    internal static void Vpkuhus(Cpu c, uint w) => Pack(c, w, 8, false, true, false);
    internal static void Vpkuwus(Cpu c, uint w) => Pack(c, w, 16, false, true, false);
    internal static void Vpkudus(Cpu c, uint w) => Pack(c, w, 32, false, true, false);
    internal static void Vpkshus(Cpu c, uint w) => Pack(c, w, 8, true, true, false);
    internal static void Vpkswus(Cpu c, uint w) => Pack(c, w, 16, true, true, false);
    internal static void Vpksdus(Cpu c, uint w) => Pack(c, w, 32, true, true, false);
    internal static void Vpkshss(Cpu c, uint w) => Pack(c, w, 8, true, true, true);
    internal static void Vpkswss(Cpu c, uint w) => Pack(c, w, 16, true, true, true);
    internal static void Vpksdss(Cpu c, uint w) => Pack(c, w, 32, true, true, true);

    internal static void Vpkpx(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        for (int i = 0; i < 8; i++)
        {
            ulong x = i < 4 ? Lane(a, 32, i) : Lane(b, 32, i - 4);
            ulong px = ((x >> 24) & 1) << 15 | ((x >> 19) & 0x1f) << 10 | ((x >> 11) & 0x1f) << 5 | ((x >> 3) & 0x1f);
            r = (r << 16) | px;
        }
        SetVrT(c, w, r);
    }

    private static void Unpack(Cpu c, uint w, int bits, bool low)
    {
        if (!VmxOk(c)) return;
        UInt128 b = VrB(c, w), r = 0;
        int n = 64 / bits, start = low ? n : 0;
        for (int i = 0; i < n; i++) r = (r << (2 * bits)) | ((ulong)Sx(Lane(b, bits, start + i), bits) & LaneMask(2 * bits));
        SetVrT(c, w, r);
    }

    internal static void Vupkhsb(Cpu c, uint w) => Unpack(c, w, 8, false);
    internal static void Vupkhsh(Cpu c, uint w) => Unpack(c, w, 16, false);
    internal static void Vupkhsw(Cpu c, uint w) => Unpack(c, w, 32, false);
    internal static void Vupklsb(Cpu c, uint w) => Unpack(c, w, 8, true);
    internal static void Vupklsh(Cpu c, uint w) => Unpack(c, w, 16, true);
    internal static void Vupklsw(Cpu c, uint w) => Unpack(c, w, 32, true);

    private static void UnpackPixel(Cpu c, uint w, bool low)
    {
        if (!VmxOk(c)) return;
        UInt128 b = VrB(c, w), r = 0;
        for (int i = 0; i < 4; i++)
        {
            ulong h = Lane(b, 16, (low ? 4 : 0) + i);
            ulong px = ((h & 0x8000) != 0 ? 0xff000000UL : 0) | ((h >> 10) & 0x1f) << 16 | ((h >> 5) & 0x1f) << 8 | (h & 0x1f);
            r = (r << 32) | px;
        }
        SetVrT(c, w, r);
    }

    internal static void Vupkhpx(Cpu c, uint w) => UnpackPixel(c, w, false);
    internal static void Vupklpx(Cpu c, uint w) => UnpackPixel(c, w, true);

    // ---- 6.9.1 multiply ----
    /// <summary>Even (odd = false) or odd elements of width bits, multiplied into 2*bits products.</summary>
    private static void MulEO(Cpu c, uint w, int bits, bool odd, bool signed)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        int n = 128 / bits;
        for (int i = odd ? 1 : 0; i < n; i += 2)
        {
            ulong x = Lane(a, bits, i), y = Lane(b, bits, i);
            ulong p = signed ? (ulong)(Sx(x, bits) * Sx(y, bits)) : x * y;
            r = (r << (2 * bits)) | (p & LaneMask(2 * bits));
        }
        SetVrT(c, w, r);
    }

    internal static void Vmuleub(Cpu c, uint w) => MulEO(c, w, 8, false, false);
    internal static void Vmuleuh(Cpu c, uint w) => MulEO(c, w, 16, false, false);
    internal static void Vmuleuw(Cpu c, uint w) => MulEO(c, w, 32, false, false);
    internal static void Vmulesb(Cpu c, uint w) => MulEO(c, w, 8, false, true);
    internal static void Vmulesh(Cpu c, uint w) => MulEO(c, w, 16, false, true);
    internal static void Vmulesw(Cpu c, uint w) => MulEO(c, w, 32, false, true);
    internal static void Vmuloub(Cpu c, uint w) => MulEO(c, w, 8, true, false);
    internal static void Vmulouh(Cpu c, uint w) => MulEO(c, w, 16, true, false);
    internal static void Vmulouw(Cpu c, uint w) => MulEO(c, w, 32, true, false);
    internal static void Vmulosb(Cpu c, uint w) => MulEO(c, w, 8, true, true);
    internal static void Vmulosh(Cpu c, uint w) => MulEO(c, w, 16, true, true);
    internal static void Vmulosw(Cpu c, uint w) => MulEO(c, w, 32, true, true);

    private static ulong MulLo(ulong a, ulong b) => a * b;
    internal static void Vmuluwm(Cpu c, uint w) => Map2(c, w, 32, &MulLo);

    internal static void Vmhaddshs(Cpu c, uint w) => MulHighAdd(c, w, round: false);
    internal static void Vmhraddshs(Cpu c, uint w) => MulHighAdd(c, w, round: true);

    private static void MulHighAdd(Cpu c, uint w, bool round)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), cc = VrC(c, w), r = 0;
        bool sat = false;
        for (int i = 0; i < 8; i++)
        {
            long p = Sx(Lane(a, 16, i), 16) * Sx(Lane(b, 16, i), 16) + (round ? 0x4000 : 0);
            r = (r << 16) | SatS((p >> 15) + Sx(Lane(cc, 16, i), 16), 16, ref sat);
        }
        SetVrT(c, w, r);
        SetSat(c, sat);
    }

    internal static void Vmladduhm(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), cc = VrC(c, w), r = 0;
        for (int i = 0; i < 8; i++) r = (r << 16) | ((Lane(a, 16, i) * Lane(b, 16, i) + Lane(cc, 16, i)) & 0xffff);
        SetVrT(c, w, r);
    }

    /// <summary>vmsum*: each word of VRC plus the products of the narrower elements inside that word.</summary>
    private static void MultiplySum(Cpu c, uint w, int bits, bool signedA, bool signedB, bool saturate)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), cc = VrC(c, w), r = 0;
        int per = 32 / bits;
        bool sat = false;
        for (int i = 0; i < 4; i++)
        {
            long sum = 0;
            for (int j = 0; j < per; j++)
            {
                ulong x = Lane(a, bits, i * per + j), y = Lane(b, bits, i * per + j);
                sum += (signedA ? Sx(x, bits) : (long)x) * (signedB ? Sx(y, bits) : (long)y);
            }
            ulong cw = Lane(cc, 32, i);
            ulong v;
            if (!saturate) v = (ulong)(sum + (long)cw) & 0xffffffff;
            else if (signedA) v = SatS(sum + Sx(cw, 32), 32, ref sat);
            else v = SatU(sum + (long)cw, 32, ref sat);
            r = (r << 32) | v;
        }
        SetVrT(c, w, r);
        SetSat(c, sat);
    }

    internal static void Vmsumubm(Cpu c, uint w) => MultiplySum(c, w, 8, false, false, false);
    internal static void Vmsummbm(Cpu c, uint w) => MultiplySum(c, w, 8, true, false, false);
    internal static void Vmsumuhm(Cpu c, uint w) => MultiplySum(c, w, 16, false, false, false);
    internal static void Vmsumuhs(Cpu c, uint w) => MultiplySum(c, w, 16, false, false, true);
    internal static void Vmsumshm(Cpu c, uint w) => MultiplySum(c, w, 16, true, true, false);
    internal static void Vmsumshs(Cpu c, uint w) => MultiplySum(c, w, 16, true, true, true);

    internal static void Vmsumudm(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w);
        UInt128 s = (UInt128)Lane(a, 64, 0) * Lane(b, 64, 0) + (UInt128)Lane(a, 64, 1) * Lane(b, 64, 1) + VrC(c, w);
        SetVrT(c, w, s);
    }

    // ---- 6.9.1 sum across ----
    internal static void Vsumsws(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w);
        long s = Sx(Lane(b, 32, 3), 32);
        for (int i = 0; i < 4; i++) s += Sx(Lane(a, 32, i), 32);
        bool sat = false;
        SetVrT(c, w, SatS(s, 32, ref sat));
        SetSat(c, sat);
    }

    internal static void Vsum2sws(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w);
        bool sat = false;
        ulong w1 = SatS(Sx(Lane(a, 32, 0), 32) + Sx(Lane(a, 32, 1), 32) + Sx(Lane(b, 32, 1), 32), 32, ref sat);
        ulong w3 = SatS(Sx(Lane(a, 32, 2), 32) + Sx(Lane(a, 32, 3), 32) + Sx(Lane(b, 32, 3), 32), 32, ref sat);
        SetVrT(c, w, Words(0, w1, 0, w3));
        SetSat(c, sat);
    }

    private static void Sum4(Cpu c, uint w, int bits, bool signed)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        int per = 32 / bits;
        bool sat = false;
        for (int i = 0; i < 4; i++)
        {
            long s = signed ? Sx(Lane(b, 32, i), 32) : (long)Lane(b, 32, i);
            for (int j = 0; j < per; j++)
            {
                ulong x = Lane(a, bits, i * per + j);
                s += signed ? Sx(x, bits) : (long)x;
            }
            r = (r << 32) | (signed ? SatS(s, 32, ref sat) : SatU(s, 32, ref sat));
        }
        SetVrT(c, w, r);
        SetSat(c, sat);
    }

    internal static void Vsum4sbs(Cpu c, uint w) => Sum4(c, w, 8, true);
    internal static void Vsum4shs(Cpu c, uint w) => Sum4(c, w, 16, true);
    internal static void Vsum4ubs(Cpu c, uint w) => Sum4(c, w, 8, false);

    // ---- 6.9.6 count leading/trailing zeros, population count, parity, extend, negate ----
    private static ulong Clz8(ulong b) => (ulong)BitOperations.LeadingZeroCount((uint)b) - 24;
    private static ulong Clz16(ulong b) => (ulong)BitOperations.LeadingZeroCount((uint)b) - 16;
    private static ulong Clz32(ulong b) => (ulong)BitOperations.LeadingZeroCount((uint)b);
    private static ulong Clz64(ulong b) => (ulong)BitOperations.LeadingZeroCount(b);
    private static ulong Ctz8(ulong b) => (ulong)Math.Min(8, BitOperations.TrailingZeroCount(b | 0x100));
    private static ulong Ctz16(ulong b) => (ulong)BitOperations.TrailingZeroCount(b | 0x10000);
    private static ulong Ctz32(ulong b) => (ulong)BitOperations.TrailingZeroCount(b | 0x1_0000_0000UL);
    private static ulong Ctz64(ulong b) => (ulong)BitOperations.TrailingZeroCount(b);
    private static ulong Pop(ulong b) => (ulong)BitOperations.PopCount(b);
    internal static void Vclzb(Cpu c, uint w) => Map1(c, w, 8, &Clz8);
    internal static void Vclzh(Cpu c, uint w) => Map1(c, w, 16, &Clz16);
    internal static void Vclzw(Cpu c, uint w) => Map1(c, w, 32, &Clz32);
    internal static void Vclzd(Cpu c, uint w) => Map1(c, w, 64, &Clz64);
    internal static void Vctzb(Cpu c, uint w) => Map1(c, w, 8, &Ctz8);
    internal static void Vctzh(Cpu c, uint w) => Map1(c, w, 16, &Ctz16);
    internal static void Vctzw(Cpu c, uint w) => Map1(c, w, 32, &Ctz32);
    internal static void Vctzd(Cpu c, uint w) => Map1(c, w, 64, &Ctz64);
    internal static void Vpopcntb(Cpu c, uint w) => Map1(c, w, 8, &Pop);
    internal static void Vpopcnth(Cpu c, uint w) => Map1(c, w, 16, &Pop);
    internal static void Vpopcntw(Cpu c, uint w) => Map1(c, w, 32, &Pop);
    internal static void Vpopcntd(Cpu c, uint w) => Map1(c, w, 64, &Pop);

    private static ulong Neg(ulong b) => 0 - b;
    private static ulong ParityW(ulong b) => (ulong)BitOperations.PopCount(b & 0x01010101UL) & 1;
    private static ulong ParityD(ulong b) => (ulong)BitOperations.PopCount(b & 0x0101010101010101UL) & 1;
    private static ulong ExtSb(ulong b) => (ulong)Sx(b, 8);
    private static ulong ExtSh(ulong b) => (ulong)Sx(b, 16);
    private static ulong ExtSw(ulong b) => (ulong)Sx(b, 32);
    internal static void Vnegw(Cpu c, uint w) => Map1(c, w, 32, &Neg);
    internal static void Vnegd(Cpu c, uint w) => Map1(c, w, 64, &Neg);
    internal static void Vprtybw(Cpu c, uint w) => Map1(c, w, 32, &ParityW);
    internal static void Vprtybd(Cpu c, uint w) => Map1(c, w, 64, &ParityD);
    internal static void Vextsb2w(Cpu c, uint w) => Map1(c, w, 32, &ExtSb);
    internal static void Vextsh2w(Cpu c, uint w) => Map1(c, w, 32, &ExtSh);
    internal static void Vextsb2d(Cpu c, uint w) => Map1(c, w, 64, &ExtSb);
    internal static void Vextsh2d(Cpu c, uint w) => Map1(c, w, 64, &ExtSh);
    internal static void Vextsw2d(Cpu c, uint w) => Map1(c, w, 64, &ExtSw);

    internal static void Vprtybq(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        ref Vec128 b = ref c.Vr(Vrb(w));
        SetVrT(c, w, (ParityD(b.Dw0) ^ ParityD(b.Dw1)));
    }

    internal static void Vclzlsbb(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 b = VrB(c, w);
        int n = 0;
        while (n < 16 && (Lane(b, 8, n) & 1) == 0) n++;
        c.Gpr[Rt(w)] = (ulong)n;
    }

    internal static void Vctzlsbb(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 b = VrB(c, w);
        int n = 0;
        while (n < 16 && (Lane(b, 8, 15 - n) & 1) == 0) n++;
        c.Gpr[Rt(w)] = (ulong)n;
    }

    // ---- 6.9.7 bit gather / permute ----
    internal static void Vgbbd(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        ref Vec128 b = ref c.Vr(Vrb(w));
        c.Vr(Vrt(w)) = new Vec128(Transpose8x8(b.Dw0), Transpose8x8(b.Dw1));
    }

    /// <summary>Result byte j bit i = source byte i bit j (bits and bytes numbered from the MSB).</summary>
    private static ulong Transpose8x8(ulong x)
    {
        ulong r = 0;
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++)
                if (((x >> (63 - (8 * i + j))) & 1) != 0) r |= 1UL << (63 - (8 * j + i));
        return r;
    }

    internal static void Vbpermq(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w);
        ulong perm = 0;
        for (int i = 0; i < 16; i++)
        {
            int idx = (int)Lane(b, 8, i);
            ulong bit = idx < 128 ? (ulong)(a >> (127 - idx)) & 1 : 0;
            perm |= bit << (15 - i);
        }
        c.Vr(Vrt(w)) = new Vec128(perm, 0);
    }

    internal static void Vbpermd(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w);
        ulong[] r = [0, 0];
        for (int d = 0; d < 2; d++)
        {
            ulong src = Lane(a, 64, d);
            for (int j = 0; j < 8; j++)
            {
                int idx = (int)Lane(b, 8, d * 8 + j);
                if (idx < 64 && ((src >> (63 - idx)) & 1) != 0) r[d] |= 1UL << (7 - j);
            }
        }
        c.Vr(Vrt(w)) = new Vec128(r[0], r[1]);
    }

    // ---- 6.8 extract / insert (ISA 3.0) ----
    /// <summary>Bytes [start, start+len) of v as a big-endian number; bytes past 15 read as zero.</summary>
    private static ulong Bytes(UInt128 v, int start, int len)
    {
        ulong r = 0;
        for (int i = 0; i < len; i++) r = (r << 8) | (start + i < 16 && start + i >= 0 ? Lane(v, 8, start + i) : 0);
        return r;
    }

    private static void Extract(Cpu c, uint w, int len)
    {
        if (!VmxOk(c)) return;
        c.Vr(Vrt(w)) = new Vec128(Bytes(VrB(c, w), Vuim4(w), len), 0);
    }

    internal static void Vextractub(Cpu c, uint w) => Extract(c, w, 1);
    internal static void Vextractuh(Cpu c, uint w) => Extract(c, w, 2);
    internal static void Vextractuw(Cpu c, uint w) => Extract(c, w, 4);
    internal static void Vextractd(Cpu c, uint w) => Extract(c, w, 8);

    private static void Insert(Cpu c, uint w, int len)
    {
        if (!VmxOk(c)) return;
        // The source element sits right-justified in doubleword 0 (bytes 8-len .. 7).
        ulong src = c.Vr(Vrb(w)).Dw0 & LaneMask(8 * len);
        UInt128 t = c.Vr(Vrt(w)).ToUInt128();
        int start = Vuim4(w);
        for (int i = 0; i < len && start + i < 16; i++)
            t = WithLane(t, 8, start + i, (src >> (8 * (len - 1 - i))) & 0xff);
        SetVrT(c, w, t);
    }

    internal static void Vinsertb(Cpu c, uint w) => Insert(c, w, 1);
    internal static void Vinserth(Cpu c, uint w) => Insert(c, w, 2);
    internal static void Vinsertw(Cpu c, uint w) => Insert(c, w, 4);
    internal static void Vinsertd(Cpu c, uint w) => Insert(c, w, 8);

    /// <summary>vextu[bhw][lr]x: the element at byte index RA[60:63] counted from the left or the right.</summary>
    private static void ExtractToGpr(Cpu c, uint w, int len, bool right)
    {
        if (!VmxOk(c)) return;
        int idx = (int)(c.Gpr[Ra(w)] & 15);
        int start = right ? 16 - len - idx : idx;
        c.Gpr[Rt(w)] = Bytes(VrB(c, w), start, len);
    }

    internal static void Vextublx(Cpu c, uint w) => ExtractToGpr(c, w, 1, false);
    internal static void Vextuhlx(Cpu c, uint w) => ExtractToGpr(c, w, 2, false);
    internal static void Vextuwlx(Cpu c, uint w) => ExtractToGpr(c, w, 4, false);
    internal static void Vextubrx(Cpu c, uint w) => ExtractToGpr(c, w, 1, true);
    internal static void Vextuhrx(Cpu c, uint w) => ExtractToGpr(c, w, 2, true);
    internal static void Vextuwrx(Cpu c, uint w) => ExtractToGpr(c, w, 4, true);

    // ---- 6.9.1 multiply by 10 (decimal helpers, ISA 3.0) ----
    private static void Mul10(Cpu c, uint w, bool extended, bool carry)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w);
        UInt128 add = extended ? VrB(c, w) & 0xf : 0;
        // a*10 + add as a 132-bit value: high part from the top nibble.
        UInt128 lo = a * 10 + add;
        UInt128 hi = ((a >> 64) * 10 + ((((UInt128)(ulong)a) * 10 + add) >> 64)) >> 64;
        SetVrT(c, w, carry ? hi : lo);
    }

    internal static void Vmul10uq(Cpu c, uint w) => Mul10(c, w, false, false);
    internal static void Vmul10cuq(Cpu c, uint w) => Mul10(c, w, false, true);
    internal static void Vmul10euq(Cpu c, uint w) => Mul10(c, w, true, false);
    internal static void Vmul10ecuq(Cpu c, uint w) => Mul10(c, w, true, true);

    // ---- 6.5 VSCR ----
    internal static void Mfvscr(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        c.Vr(Vrt(w)) = new Vec128(0, c.Vscr);
    }

    internal static void Mtvscr(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        c.Vscr = (uint)c.Vr(Vrb(w)).Dw1 & 0x0001_0001u; // NJ and SAT; the rest is reserved
    }

    // ---- 6.7 loads and stores ----
    private static ulong EaX(Cpu c, uint w) => (Ra0(w) == 0 ? 0 : c.Gpr[Ra0(w)]) + c.Gpr[Rb(w)];

    internal static void Lvx(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        if (c.Load128(EaX(c, w) & ~15UL, out ulong lo, out ulong hi)) c.Vr(Vrt(w)) = new Vec128(hi, lo);
    }

    internal static void Lvxl(Cpu c, uint w) => Lvx(c, w);

    internal static void Stvx(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        ref Vec128 s = ref c.Vr(Vrs(w));
        c.Store128(EaX(c, w) & ~15UL, s.Dw1, s.Dw0);
    }

    internal static void Stvxl(Cpu c, uint w) => Stvx(c, w);

    /// <summary>Element index (ISA numbering) that lve*x/stve*x use: the EA's offset in the quadword, mirrored in LE.</summary>
    private static int ElementIndex(Cpu c, ulong ea, int size)
    {
        int i = (int)(ea & 15) / size;
        return c.LittleEndian ? 16 / size - 1 - i : i;
    }

    internal static void Lvebx(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        ulong ea = EaX(c, w);
        if (!c.Load8(ea, out byte v)) return;
        c.Vr(Vrt(w)).SetByte(ElementIndex(c, ea, 1), v);
    }

    internal static void Lvehx(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        ulong ea = EaX(c, w) & ~1UL;
        if (!c.Load16(ea, out ushort v)) return;
        c.Vr(Vrt(w)).SetHalf(ElementIndex(c, ea, 2), v);
    }

    internal static void Lvewx(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        ulong ea = EaX(c, w) & ~3UL;
        if (!c.Load32(ea, out uint v)) return;
        c.Vr(Vrt(w)).SetWord(ElementIndex(c, ea, 4), v);
    }

    internal static void Stvebx(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        ulong ea = EaX(c, w);
        c.Store8(ea, c.Vr(Vrs(w)).GetByte(ElementIndex(c, ea, 1)));
    }

    internal static void Stvehx(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        ulong ea = EaX(c, w) & ~1UL;
        c.Store16(ea, c.Vr(Vrs(w)).GetHalf(ElementIndex(c, ea, 2)));
    }

    internal static void Stvewx(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        ulong ea = EaX(c, w) & ~3UL;
        c.Store32(ea, c.Vr(Vrs(w)).GetWord(ElementIndex(c, ea, 4)));
    }

    /// <summary>lvsl: bytes sh, sh+1, ..., sh+15 with sh = EA[60:63] (the same in either endianness).</summary>
    internal static void Lvsl(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        int sh = (int)(EaX(c, w) & 15);
        UInt128 r = 0;
        for (int i = 0; i < 16; i++) r = (r << 8) | (uint)(sh + i);
        SetVrT(c, w, r);
    }

    internal static void Lvsr(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        int sh = (int)(EaX(c, w) & 15);
        UInt128 r = 0;
        for (int i = 0; i < 16; i++) r = (r << 8) | (uint)(16 - sh + i);
        SetVrT(c, w, r);
    }

    // ---- multiply-add to GPRs (Book I 3.3.9, VA-form under primary 4) ----
    internal static void Maddhd(Cpu c, uint w)
    {
        Int128 p = (Int128)(long)c.Gpr[Ra(w)] * (long)c.Gpr[Rb(w)] + (long)c.Gpr[PpcSim.Isa.Field.Rc(w)];
        c.Gpr[Rt(w)] = (ulong)(p >> 64);
    }

    internal static void Maddhdu(Cpu c, uint w)
    {
        UInt128 p = (UInt128)c.Gpr[Ra(w)] * c.Gpr[Rb(w)] + c.Gpr[PpcSim.Isa.Field.Rc(w)];
        c.Gpr[Rt(w)] = (ulong)(p >> 64);
    }

    internal static void Maddld(Cpu c, uint w) =>
        c.Gpr[Rt(w)] = c.Gpr[Ra(w)] * c.Gpr[Rb(w)] + c.Gpr[PpcSim.Isa.Field.Rc(w)];
}
