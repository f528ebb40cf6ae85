using PpcSim.Core;

namespace PpcSim.Core.Tests;

/// <summary>Seeded operand generator: special values, boundary values and random patterns.</summary>
public sealed class FpOperands(int seed)
{
    private readonly System.Random _rng = new(seed);

    private static readonly ulong[] s_special =
    [
        0x0000000000000000, 0x8000000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
        0x7FF8000000000000, 0xFFF8000000000000, 0x7FF8000000000123, 0xFFFC00000000ABCD, // QNaNs
        0x7FF0000000000001, 0xFFF4000000000000, 0x7FF7FFFFFFFFFFFF, 0x7FF00000DEAD0000, // SNaNs
        0x0000000000000001, 0x8000000000000001, 0x000FFFFFFFFFFFFF, 0x800FFFFFFFFFFFFF, // denormals
        0x0010000000000000, 0x8010000000000000, 0x7FEFFFFFFFFFFFFF, 0xFFEFFFFFFFFFFFFF, // min/max normal
        0x3FF0000000000000, 0xBFF0000000000000, 0x3FE0000000000000, 0x4000000000000000,
        0x3FF0000000000001, 0x3FEFFFFFFFFFFFFF, 0x4330000000000000, 0x4330000000000001, // 1+ulp, 2^52
        0x43E0000000000000, 0xC3E0000000000000, 0x43DFFFFFFFFFFFFF, 0x43F0000000000000, // 2^63, 2^64
        0x41E0000000000000, 0xC1E0000000000000, 0x41DFFFFFFFC00000, 0x41EFFFFFFFE00000, // 2^31, 2^32-1
        0x41F0000000000000, 0xC1E0000000100000, 0x3FE0000000000001, 0xBFE0000000000000, // 2^32, -2^31-0.5
        0x47EFFFFFE0000000, 0x47EFFFFFF0000000, 0x47EFFFFFE0000001, 0x47F0000000000000, // single max and just above
        0x3810000000000000, 0x380FFFFFF0000000, 0x36A0000000000000, 0x3690000000000000, // single min normal, min denormal
        0x3680000000000000, 0x369FFFFFFFFFFFFF, 0x380FFFFFE0000000, 0xB810000000000000,
        0x0010000000000001, 0x001FFFFFFFFFFFFF, 0x0008000000000000, 0x3CA0000000000000,
        0x4008000000000000, 0x3FF8000000000000, 0xC004000000000000, 0x400C000000000000, // 3, 1.5, -2.5, 3.5
    ];

    public int Next(int n) => _rng.Next(n);
    public bool Chance(double p) => _rng.NextDouble() < p;
    public ulong Bits64() => (ulong)_rng.NextInt64() ^ ((ulong)_rng.Next(2) << 63);

    public ulong Double()
    {
        int k = _rng.Next(100);
        if (k < 22) return s_special[_rng.Next(s_special.Length)];
        if (k < 40) return SoftFloat.FromSingleBits(Single32());
        if (k < 62) return Make(_rng.Next(2) == 1, 1023 + _rng.Next(-40, 41), Bits64());
        if (k < 72) return Make(_rng.Next(2) == 1, _rng.Next(2) == 0 ? _rng.Next(0, 60) : 2046 - _rng.Next(0, 60), Bits64());
        if (k < 86) return Bits64();
        // integer-ish values and halves
        double v = (double)(_rng.NextInt64() >> _rng.Next(1, 63)) + _rng.Next(4) * 0.25;
        return (ulong)BitConverter.DoubleToInt64Bits(_rng.Next(2) == 0 ? v : -v);
    }

    /// <summary>A value near another (cancellation, ties): same exponent, a few low bits changed, sign maybe flipped.</summary>
    public ulong Near(ulong x)
    {
        ulong y = x ^ (Bits64() & ((1UL << _rng.Next(1, 54)) - 1));
        if (_rng.Next(2) == 0) y ^= SoftFloat.SignBit;
        return y;
    }

    public uint Single32()
    {
        int k = _rng.Next(10);
        uint s = (uint)_rng.Next(2) << 31;
        uint f = (uint)_rng.Next() & 0x7FFFFF;
        return k switch
        {
            0 => s | f,                                        // denormal
            1 => s | 0x7F800000 | (f == 0 ? 1u : f),           // NaN
            2 => s | ((uint)_rng.Next(1, 8) << 23) | f,       // near min normal
            3 => s | ((uint)_rng.Next(247, 255) << 23) | f,   // near max
            _ => s | ((uint)_rng.Next(100, 160) << 23) | f,
        };
    }

    private static ulong Make(bool neg, int biasedExp, ulong frac) =>
        (neg ? SoftFloat.SignBit : 0) | ((ulong)Math.Clamp(biasedExp, 0, 2046) << 52) | (frac & SoftFloat.FracMask);

    /// <summary>A 64-bit integer operand for the from-integer conversions.</summary>
    public ulong Integer()
    {
        int k = _rng.Next(6);
        return k switch
        {
            0 => (ulong)(long)_rng.Next(-1000, 1000),
            1 => 1UL << _rng.Next(64),
            2 => (1UL << _rng.Next(64)) - (ulong)_rng.Next(0, 3),
            3 => Bits64() >> _rng.Next(64),
            _ => Bits64(),
        };
    }

    /// <summary>An initial FPSCR: a rounding mode, and sometimes sticky/status bits already set (enables off).</summary>
    public ulong Fpscr()
    {
        ulong f = (ulong)_rng.Next(4);
        if (_rng.Next(10) < 4) f |= (ulong)_rng.Next() & (FpscrBits.FX | FpscrBits.Exceptions | FpscrBits.FR | FpscrBits.FI | FpscrBits.FPRF);
        return f;
    }

    /// <summary>A binary16 pattern: specials, denormals, extremes and random values.</summary>
    public ushort Half()
    {
        int k = _rng.Next(10);
        ushort s = (ushort)(_rng.Next(2) << 15);
        ushort f = (ushort)_rng.Next(0x400);
        return k switch
        {
            0 => (ushort)(s | f),                                   // denormal or zero
            1 => (ushort)(s | 0x7c00 | (_rng.Next(3) == 0 ? 0 : f)), // inf or NaN
            2 => (ushort)(s | (_rng.Next(1, 3) << 10) | f),        // near min normal
            3 => (ushort)(s | (_rng.Next(28, 31) << 10) | f),      // near max
            _ => (ushort)(s | (_rng.Next(1, 31) << 10) | f),
        };
    }

    /// <summary>A double in or near the binary16 range (ties and overflow/underflow boundaries included).</summary>
    public ulong HalfRangeDouble()
    {
        int k = _rng.Next(10);
        if (k < 2) return Double();
        if (k < 5)
        {
            ulong h = SoftFloat.FromHalfBits(Half());
            return _rng.Next(2) == 0 ? h : h ^ (Bits64() & ((1UL << _rng.Next(1, 43)) - 1));
        }
        return Make(_rng.Next(2) == 1, 1023 + _rng.Next(-27, 18), Bits64());
    }

    private static readonly UInt128[] s_quadSpecial =
    [
        0, SoftFloat128.SignBit, SoftFloat128.Inf, SoftFloat128.Inf | SoftFloat128.SignBit,
        SoftFloat128.DefaultNaN, SoftFloat128.DefaultNaN | SoftFloat128.SignBit | 0x1234, SoftFloat128.Inf | 1, SoftFloat128.Inf | (UInt128.One << 110) | 77,
        1, SoftFloat128.FracMask, UInt128.One << 112, (UInt128.One << 112) | 1,            // min/max denormal, min normal
        SoftFloat128.SignBit | 1, (SoftFloat128.Inf - 1), (SoftFloat128.Inf - 1) | SoftFloat128.SignBit, // max finite
        (UInt128)0x3FFF << 112, ((UInt128)0x3FFF << 112) | 1, ((UInt128)0x3FFE << 112) | SoftFloat128.FracMask, // 1, 1+ulp, 1-ulp/2
        (UInt128)0x3FFE << 112, ((UInt128)0x3FFF << 112) | (UInt128.One << 111), ((UInt128)0x4000 << 112) | (UInt128.One << 110), // 0.5, 1.5, 2.5
        (UInt128)(0x3FFF + 112) << 112, (UInt128)(0x3FFF + 113) << 112, ((UInt128)(0x3FFF + 112) << 112) | 1, // 2^112, 2^113
        (UInt128)(0x3FFF + 63) << 112, (UInt128)(0x3FFF + 64) << 112, (UInt128)(0x3FFF + 31) << 112, (UInt128)(0x3FFF + 32) << 112,
        ((UInt128)(0x3FFF + 63) << 112) | SoftFloat128.SignBit, ((UInt128)(0x3FFF + 31) << 112) | SoftFloat128.SignBit | (UInt128.One << 80),
        (UInt128)(0x3FFF + 1023) << 112, (UInt128)(0x3FFF - 1022) << 112, (UInt128)(0x3FFF - 1075) << 112, // double max exp, min normal, half min denormal
        ((UInt128)(0x3FFF + 1023) << 112) | SoftFloat128.FracMask, ((UInt128)(0x3FFF + 1024) << 112),
    ];

    private static UInt128 MakeQuad(bool neg, int biasedExp, UInt128 frac) =>
        (neg ? SoftFloat128.SignBit : 0) | ((UInt128)(uint)Math.Clamp(biasedExp, 0, 0x7FFE) << 112) | (frac & SoftFloat128.FracMask);

    public UInt128 Bits128() => ((UInt128)Bits64() << 64) | Bits64();

    /// <summary>A quad operand: specials, exact doubles and integers, random values near 1, near the extremes, near the double and integer ranges.</summary>
    public UInt128 Quad()
    {
        int k = _rng.Next(100);
        bool neg = _rng.Next(2) == 1;
        uint ignore = 0;
        if (k < 16) return s_quadSpecial[_rng.Next(s_quadSpecial.Length)];
        if (k < 30) return SoftFloat128.FromDouble(Double(), ref ignore);
        if (k < 55) return MakeQuad(neg, 0x3FFF + _rng.Next(-60, 61), Bits128());
        if (k < 65) return MakeQuad(neg, _rng.Next(2) == 0 ? _rng.Next(0, 120) : 0x7FFE - _rng.Next(0, 60), Bits128());
        if (k < 72) return Bits128();
        if (k < 82) return MakeQuad(neg, 0x3FFF + _rng.Next(-2, 130), Bits128() >> _rng.Next(0, 113)); // integers and near-integers
        if (k < 90) return SoftFloat128.FromInt(Integer(), _rng.Next(2) == 0);
        return MakeQuad(neg, 0x3FFF + (_rng.Next(2) == 0 ? _rng.Next(-1080, -1015) : _rng.Next(1015, 1030)), Bits128()); // double range edges
    }

    /// <summary>A quad near another: same exponent, low bits changed, sign maybe flipped.</summary>
    public UInt128 NearQuad(UInt128 x)
    {
        UInt128 y = x ^ (Bits128() & ((UInt128.One << _rng.Next(1, 113)) - 1));
        if (_rng.Next(2) == 0) y ^= SoftFloat128.SignBit;
        return y;
    }
}
