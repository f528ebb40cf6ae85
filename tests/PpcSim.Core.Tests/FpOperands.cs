using PpcSim.Core;

namespace PpcSim.Core.Tests;

/// <summary>Seeded operand generator: special values, boundary values and random patterns.</summary>
public sealed class FpOperands(int seed)
{
    private readonly Random _rng = new(seed);

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
}
