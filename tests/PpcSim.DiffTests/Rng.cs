namespace PpcSim.DiffTests;

/// <summary>
/// xoshiro256** seeded through splitmix64: the whole tester draws from explicit seeds, so a case
/// named by its seed regenerates bit for bit on any machine and any .NET version.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    public Rng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong Next()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, n).</summary>
    public int Below(int n) => n <= 1 ? 0 : (int)((Next() >> 33) % (ulong)n);

    /// <summary>Uniform in [lo, hi] inclusive.</summary>
    public int Range(int lo, int hi) => lo + Below(hi - lo + 1);

    /// <summary>True with probability num/den.</summary>
    public bool Chance(int num, int den) => Below(den) < num;

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];
}
