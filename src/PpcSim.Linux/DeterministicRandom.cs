namespace PpcSim.Linux;

/// <summary>
/// xoshiro256** seeded through splitmix64: the only source of "randomness" a guest sees
/// (AT_RANDOM, getrandom), so a run is a pure function of its seed and inputs.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public DeterministicRandom(ulong seed)
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

    public void Fill(Span<byte> dest)
    {
        for (int i = 0; i < dest.Length; i += 8)
        {
            ulong v = Next();
            for (int j = 0; j < 8 && i + j < dest.Length; j++) dest[i + j] = (byte)(v >> (8 * j));
        }
    }
}
