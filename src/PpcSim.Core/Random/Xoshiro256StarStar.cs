using System.Numerics;
using System.Runtime.CompilerServices;

namespace PpcSim.Core.Random;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. The only source of
/// randomness inside a simulation; every consumer gets its own stream (<see cref="SeedStreams"/>)
/// so adding a consumer does not shift the others.
/// </summary>
public sealed class Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256StarStar(ulong seed) => Reseed(seed);

    public void Reseed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Next()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, n) for n &gt; 0 (Lemire's multiply-shift with rejection: unbiased).</summary>
    public int NextBelow(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        ulong range = (ulong)n;
        while (true)
        {
            ulong hi = Math.BigMul(Next(), range, out ulong lo);
            if (lo >= range || lo >= (0UL - range) % range) return (int)hi;
        }
    }

    /// <summary>True with probability 1/<paramref name="n"/>.</summary>
    public bool OneIn(int n) => NextBelow(n) == 0;

    /// <summary>Fills <paramref name="dest"/> with successive outputs, little-endian byte order
    /// (the guest-visible AT_RANDOM / getrandom bytes are defined by this order).</summary>
    public void Fill(Span<byte> dest)
    {
        for (int i = 0; i < dest.Length; i += 8)
        {
            ulong v = Next();
            for (int j = 0; j < 8 && i + j < dest.Length; j++) dest[i + j] = (byte)(v >> (8 * j));
        }
    }

    public static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
