using System.Numerics;
using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Power ISA 3.0B Book I 6.10: vector floating-point (single precision, always round-to-nearest
// except the explicit conversions/roundings; no FPSCR). VSCR[NJ]=1 ("non-Java" mode) flushes
// denormal inputs and results to a zero of the same sign, as qemu does. NaN results follow the
// PowerPC rule: the first NaN operand in the order VRA, VRB, VRC, quieted; an invalid operation
// with no NaN operand gives the default NaN 0x7FC00000.
public static unsafe partial class Interpreter
{
    private const uint DefaultNaN32 = 0x7fc0_0000;

    private static bool IsNaN32(uint x) => (x & 0x7fffffff) > 0x7f800000;
    private static bool IsDenormal32(uint x) => (x & 0x7f800000) == 0 && (x & 0x007fffff) != 0;

    private static uint FlushIn(bool nj, uint x) => nj && IsDenormal32(x) ? x & 0x8000_0000 : x;

    /// <summary>Bits of a computed result: NJ flush, and canonical default NaN for a host NaN.</summary>
    private static uint Result32(bool nj, float r)
    {
        uint bits = BitConverter.SingleToUInt32Bits(r);
        if (float.IsNaN(r)) return DefaultNaN32;
        return FlushIn(nj, bits);
    }

    private static bool Nj(Cpu c) => (c.Vscr & 0x0001_0000) != 0;

    private static float F(uint x) => BitConverter.UInt32BitsToSingle(x);

    /// <summary>Word-wise VRT = f(VRA, VRB) with input flushing and NaN propagation.</summary>
    private static void FpMap2(Cpu c, uint w, delegate*<float, float, float> f)
    {
        if (!VmxOk(c)) return;
        bool nj = Nj(c);
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        for (int i = 0; i < 4; i++)
        {
            uint x = FlushIn(nj, (uint)Lane(a, 32, i)), y = FlushIn(nj, (uint)Lane(b, 32, i));
            uint v = IsNaN32(x) ? x | 0x0040_0000 : IsNaN32(y) ? y | 0x0040_0000 : Result32(nj, f(F(x), F(y)));
            r = (r << 32) | v;
        }
        SetVrT(c, w, r);
    }

    private static float FAdd(float a, float b) => a + b;
    private static float FSub(float a, float b) => a - b;
    private static float FMax(float a, float b) => a > b ? a : a < b ? b : (BitConverter.SingleToUInt32Bits(a) & 0x8000_0000) == 0 ? a : b;
    private static float FMin(float a, float b) => a < b ? a : a > b ? b : (BitConverter.SingleToUInt32Bits(a) & 0x8000_0000) != 0 ? a : b;
    internal static void Vaddfp(Cpu c, uint w) => FpMap2(c, w, &FAdd);
    internal static void Vsubfp(Cpu c, uint w) => FpMap2(c, w, &FSub);
    internal static void Vmaxfp(Cpu c, uint w) => FpMap2(c, w, &FMax);
    internal static void Vminfp(Cpu c, uint w) => FpMap2(c, w, &FMin);

    /// <summary>vmaddfp: (A × C) + B rounded once; vnmsubfp: -((A × C) - B).</summary>
    private static void FpMulAdd(Cpu c, uint w, bool negate)
    {
        if (!VmxOk(c)) return;
        bool nj = Nj(c);
        UInt128 a = VrA(c, w), b = VrB(c, w), cc = VrC(c, w), r = 0;
        for (int i = 0; i < 4; i++)
        {
            uint x = FlushIn(nj, (uint)Lane(a, 32, i)), y = FlushIn(nj, (uint)Lane(b, 32, i)), z = FlushIn(nj, (uint)Lane(cc, 32, i));
            uint v;
            if (IsNaN32(x)) v = x | 0x0040_0000;
            else if (IsNaN32(y)) v = y | 0x0040_0000;
            else if (IsNaN32(z)) v = z | 0x0040_0000;
            else
            {
                float p = MathF.FusedMultiplyAdd(F(x), F(z), negate ? -F(y) : F(y));
                v = float.IsNaN(p) ? DefaultNaN32 : Result32(nj, negate ? -p : p);
            }
            r = (r << 32) | v;
        }
        SetVrT(c, w, r);
    }

    internal static void Vmaddfp(Cpu c, uint w) => FpMulAdd(c, w, false);
    internal static void Vnmsubfp(Cpu c, uint w) => FpMulAdd(c, w, true);

    /// <summary>Word-wise VRT = f(VRB) with input flushing and NaN quieting.</summary>
    private static void FpMap1(Cpu c, uint w, delegate*<float, float> f)
    {
        if (!VmxOk(c)) return;
        bool nj = Nj(c);
        UInt128 b = VrB(c, w), r = 0;
        for (int i = 0; i < 4; i++)
        {
            uint y = FlushIn(nj, (uint)Lane(b, 32, i));
            r = (r << 32) | (IsNaN32(y) ? y | 0x0040_0000 : Result32(nj, f(F(y))));
        }
        SetVrT(c, w, r);
    }

    // The estimates are computed exactly (as qemu does): 1/x, 1/sqrt(x) (rounded twice), 2^x, log2 x.
    private static float FRe(float b) => 1.0f / b;
    private static float FRsqrt(float b) => 1.0f / MathF.Sqrt(b);
    private static float FExp2(float b) => MathF.Pow(2.0f, b);
    private static float FLog2(float b) => MathF.Log2(b);
    private static float FRoundN(float b) => MathF.Round(b, MidpointRounding.ToEven);
    private static float FRoundZ(float b) => MathF.Truncate(b);
    private static float FRoundP(float b) => MathF.Ceiling(b);
    private static float FRoundM(float b) => MathF.Floor(b);
    internal static void Vrefp(Cpu c, uint w) => FpMap1(c, w, &FRe);
    internal static void Vrsqrtefp(Cpu c, uint w) => FpMap1(c, w, &FRsqrt);
    internal static void Vexptefp(Cpu c, uint w) => FpMap1(c, w, &FExp2);
    internal static void Vlogefp(Cpu c, uint w) => FpMap1(c, w, &FLog2);
    internal static void Vrfin(Cpu c, uint w) => FpMap1(c, w, &FRoundN);
    internal static void Vrfiz(Cpu c, uint w) => FpMap1(c, w, &FRoundZ);
    internal static void Vrfip(Cpu c, uint w) => FpMap1(c, w, &FRoundP);
    internal static void Vrfim(Cpu c, uint w) => FpMap1(c, w, &FRoundM);

    /// <summary>vcfsx/vcfux: integer word to single, divided by 2^UIM.</summary>
    private static void ConvertFromFixed(Cpu c, uint w, bool signed)
    {
        if (!VmxOk(c)) return;
        bool nj = Nj(c);
        UInt128 b = VrB(c, w), r = 0;
        float scale = MathF.ScaleB(1.0f, -Vuim5(w));
        for (int i = 0; i < 4; i++)
        {
            uint x = (uint)Lane(b, 32, i);
            float f = signed ? (float)(int)x : (float)x;
            r = (r << 32) | Result32(nj, f * scale);
        }
        SetVrT(c, w, r);
    }

    internal static void Vcfsx(Cpu c, uint w) => ConvertFromFixed(c, w, true);
    internal static void Vcfux(Cpu c, uint w) => ConvertFromFixed(c, w, false);

    /// <summary>vctsxs/vctuxs: single × 2^UIM to a saturated integer word, truncating; NaN gives 0.</summary>
    private static void ConvertToFixed(Cpu c, uint w, bool signed)
    {
        if (!VmxOk(c)) return;
        bool nj = Nj(c);
        UInt128 b = VrB(c, w), r = 0;
        bool sat = false;
        for (int i = 0; i < 4; i++)
        {
            uint x = FlushIn(nj, (uint)Lane(b, 32, i));
            ulong v;
            if (IsNaN32(x)) v = 0;
            else
            {
                double d = Math.Truncate(Math.ScaleB(F(x), Vuim5(w)));
                if (signed) v = d > int.MaxValue ? Sat(ref sat, int.MaxValue) : d < int.MinValue ? Sat(ref sat, 0x8000_0000) : (uint)(int)d;
                else v = d > uint.MaxValue ? Sat(ref sat, uint.MaxValue) : d < 0 ? Sat(ref sat, 0) : (uint)d;
            }
            r = (r << 32) | v;
        }
        SetVrT(c, w, r);
        SetSat(c, sat);
    }

    private static ulong Sat(ref bool sat, ulong v)
    {
        sat = true;
        return v;
    }

    internal static void Vctsxs(Cpu c, uint w) => ConvertToFixed(c, w, true);
    internal static void Vctuxs(Cpu c, uint w) => ConvertToFixed(c, w, false);

    // ---- 6.10 compares ----
    private static void FpCompare(Cpu c, uint w, delegate*<float, float, bool> f)
    {
        if (!VmxOk(c)) return;
        bool nj = Nj(c);
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        bool all = true, none = true;
        for (int i = 0; i < 4; i++)
        {
            bool t = f(F(FlushIn(nj, (uint)Lane(a, 32, i))), F(FlushIn(nj, (uint)Lane(b, 32, i))));
            all &= t;
            none &= !t;
            r = (r << 32) | (t ? 0xffff_ffffUL : 0);
        }
        SetVrT(c, w, r);
        if ((w & 0x400) != 0) SetCrField(c, 6, (all ? 8u : 0) | (none ? 2u : 0));
    }

    private static bool FEq(float a, float b) => a == b;
    private static bool FGe(float a, float b) => a >= b;
    private static bool FGt(float a, float b) => a > b;
    internal static void Vcmpeqfp(Cpu c, uint w) => FpCompare(c, w, &FEq);
    internal static void Vcmpgefp(Cpu c, uint w) => FpCompare(c, w, &FGe);
    internal static void Vcmpgtfp(Cpu c, uint w) => FpCompare(c, w, &FGt);

    /// <summary>vcmpbfp: bit 0 set if A &gt; B, bit 1 set if A &lt; -B (both for NaN); CR6[EQ] if all in bounds.</summary>
    internal static void Vcmpbfp(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        bool nj = Nj(c);
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        bool allIn = true;
        for (int i = 0; i < 4; i++)
        {
            float x = F(FlushIn(nj, (uint)Lane(a, 32, i))), y = F(FlushIn(nj, (uint)Lane(b, 32, i)));
            uint v;
            if (float.IsNaN(x) || float.IsNaN(y)) v = 0xc000_0000;
            else v = (x <= y ? 0 : 0x8000_0000u) | (x >= -y ? 0 : 0x4000_0000u);
            allIn &= v == 0;
            r = (r << 32) | v;
        }
        SetVrT(c, w, r);
        if ((w & 0x400) != 0) SetCrField(c, 6, allIn ? 2u : 0);
    }

    // ---- 6.11 cryptography (AES, SHA-2, carry-less multiply) ----
    private static readonly byte[] s_sbox = BuildSbox(out s_invSbox);
    private static readonly byte[] s_invSbox;

    /// <summary>AES S-box from its definition: multiplicative inverse in GF(2^8), then the affine map.</summary>
    private static byte[] BuildSbox(out byte[] inverse)
    {
        var box = new byte[256];
        inverse = new byte[256];
        for (int x = 0; x < 256; x++)
        {
            byte inv = 0;
            if (x != 0)
                for (int y = 1; y < 256; y++)
                    if (GfMul((byte)x, (byte)y) == 1) { inv = (byte)y; break; }
            int s = inv;
            int v = s ^ Rotl8(s, 1) ^ Rotl8(s, 2) ^ Rotl8(s, 3) ^ Rotl8(s, 4) ^ 0x63;
            box[x] = (byte)v;
        }
        for (int x = 0; x < 256; x++) inverse[box[x]] = (byte)x;
        return box;
    }

    private static int Rotl8(int x, int n) => ((x << n) | (x >> (8 - n))) & 0xff;

    private static byte GfMul(byte a, byte b)
    {
        int r = 0, x = a;
        for (int i = 0; i < 8; i++)
        {
            if ((b >> i & 1) != 0) r ^= x;
            x <<= 1;
            if ((x & 0x100) != 0) x ^= 0x11b;
        }
        return (byte)r;
    }

    /// <summary>State bytes in ISA order (byte 0 first); AES state[row, col] = byte[4*col + row].</summary>
    private static byte[] ToBytes(UInt128 v)
    {
        var b = new byte[16];
        for (int i = 0; i < 16; i++) b[i] = (byte)Lane(v, 8, i);
        return b;
    }

    private static UInt128 FromBytes(byte[] b)
    {
        UInt128 r = 0;
        for (int i = 0; i < 16; i++) r = (r << 8) | b[i];
        return r;
    }

    private static byte[] ShiftRows(byte[] s, bool inverse)
    {
        var t = new byte[16];
        for (int col = 0; col < 4; col++)
            for (int row = 0; row < 4; row++)
            {
                int from = inverse ? (col - row + 4) % 4 : (col + row) % 4;
                t[4 * col + row] = s[4 * from + row];
            }
        return t;
    }

    private static byte[] MixColumns(byte[] s, bool inverse)
    {
        byte[] m = inverse ? [14, 11, 13, 9] : [2, 3, 1, 1];
        var t = new byte[16];
        for (int col = 0; col < 4; col++)
            for (int row = 0; row < 4; row++)
            {
                int acc = 0;
                for (int k = 0; k < 4; k++) acc ^= GfMul(m[(k - row + 4) % 4], s[4 * col + k]);
                t[4 * col + row] = (byte)acc;
            }
        return t;
    }

    private static byte[] SubBytes(byte[] s, bool inverse)
    {
        var box = inverse ? s_invSbox : s_sbox;
        var t = new byte[16];
        for (int i = 0; i < 16; i++) t[i] = box[s[i]];
        return t;
    }

    internal static void Vcipher(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        var s = MixColumns(ShiftRows(SubBytes(ToBytes(VrA(c, w)), false), false), false);
        SetVrT(c, w, FromBytes(s) ^ VrB(c, w));
    }

    internal static void Vcipherlast(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        SetVrT(c, w, FromBytes(ShiftRows(SubBytes(ToBytes(VrA(c, w)), false), false)) ^ VrB(c, w));
    }

    internal static void Vncipher(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        var s = SubBytes(ShiftRows(ToBytes(VrA(c, w)), true), true);
        var x = ToBytes(FromBytes(s) ^ VrB(c, w));
        SetVrT(c, w, FromBytes(MixColumns(x, true)));
    }

    internal static void Vncipherlast(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        SetVrT(c, w, FromBytes(SubBytes(ShiftRows(ToBytes(VrA(c, w)), true), true)) ^ VrB(c, w));
    }

    internal static void Vsbox(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        SetVrT(c, w, FromBytes(SubBytes(ToBytes(VrA(c, w)), false)));
    }

    internal static void Vshasigmaw(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), r = 0;
        bool st = Vst(w) != 0;
        int six = Vsix(w);
        for (int i = 0; i < 4; i++)
        {
            uint x = (uint)Lane(a, 32, i);
            bool one = ((six >> (3 - i)) & 1) != 0;
            uint v = !st
                ? (!one ? BitOperations.RotateRight(x, 7) ^ BitOperations.RotateRight(x, 18) ^ (x >> 3)
                        : BitOperations.RotateRight(x, 17) ^ BitOperations.RotateRight(x, 19) ^ (x >> 10))
                : (!one ? BitOperations.RotateRight(x, 2) ^ BitOperations.RotateRight(x, 13) ^ BitOperations.RotateRight(x, 22)
                        : BitOperations.RotateRight(x, 6) ^ BitOperations.RotateRight(x, 11) ^ BitOperations.RotateRight(x, 25));
            r = (r << 32) | v;
        }
        SetVrT(c, w, r);
    }

    internal static void Vshasigmad(Cpu c, uint w)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), r = 0;
        bool st = Vst(w) != 0;
        int six = Vsix(w);
        for (int i = 0; i < 2; i++)
        {
            ulong x = Lane(a, 64, i);
            bool one = ((six >> (3 - 2 * i)) & 1) != 0;
            ulong v = !st
                ? (!one ? BitOperations.RotateRight(x, 1) ^ BitOperations.RotateRight(x, 8) ^ (x >> 7)
                        : BitOperations.RotateRight(x, 19) ^ BitOperations.RotateRight(x, 61) ^ (x >> 6))
                : (!one ? BitOperations.RotateRight(x, 28) ^ BitOperations.RotateRight(x, 34) ^ BitOperations.RotateRight(x, 39)
                        : BitOperations.RotateRight(x, 14) ^ BitOperations.RotateRight(x, 18) ^ BitOperations.RotateRight(x, 41));
            r = (r << 64) | v;
        }
        SetVrT(c, w, r);
    }

    /// <summary>vpmsum*: XOR of the carry-less products of each even/odd element pair, in double-width lanes.</summary>
    private static void PolyMulSum(Cpu c, uint w, int bits)
    {
        if (!VmxOk(c)) return;
        UInt128 a = VrA(c, w), b = VrB(c, w), r = 0;
        int n = 128 / bits;
        for (int i = 0; i < n; i += 2)
        {
            UInt128 p = ClMul(Lane(a, bits, i), Lane(b, bits, i)) ^ ClMul(Lane(a, bits, i + 1), Lane(b, bits, i + 1));
            r = bits == 64 ? p : (r << (2 * bits)) | p;
        }
        SetVrT(c, w, r);
    }

    private static UInt128 ClMul(ulong a, ulong b)
    {
        UInt128 r = 0;
        for (int i = 0; i < 64; i++)
            if (((b >> i) & 1) != 0) r ^= (UInt128)a << i;
        return r;
    }

    internal static void Vpmsumb(Cpu c, uint w) => PolyMulSum(c, w, 8);
    internal static void Vpmsumh(Cpu c, uint w) => PolyMulSum(c, w, 16);
    internal static void Vpmsumw(Cpu c, uint w) => PolyMulSum(c, w, 32);
    internal static void Vpmsumd(Cpu c, uint w) => PolyMulSum(c, w, 64);
}
