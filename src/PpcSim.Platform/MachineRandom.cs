using System.Numerics;

namespace PpcSim.Platform;

/// <summary>
/// One named random stream of a machine: xoshiro256** seeded from (run seed, stream name), so a
/// new consumer gets its own stream and never shifts the others. Same algorithm and derivation as
/// PpcSim.Machine.Random's Xoshiro256StarStar/SeedStreams (which Platform does not reference);
/// switch to the shared type once it lives in PpcSim.Core - the streams stay identical.
/// </summary>
internal sealed class MachineRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public MachineRandom(ulong seed, string name)
    {
        ulong x = Derive(seed, name);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

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

    /// <summary>The generator state (for the machine's state hash).</summary>
    public ulong Fingerprint => _s0 ^ BitOperations.RotateLeft(_s1, 16) ^ BitOperations.RotateLeft(_s2, 32) ^ BitOperations.RotateLeft(_s3, 48);

    private static ulong Derive(ulong seed, string name)
    {
        ulong h = 0xCBF2_9CE4_8422_2325UL; // FNV-1a over the name
        foreach (char c in name)
        {
            h ^= c;
            h *= 0x0000_0100_0000_01B3UL;
        }
        ulong x = seed ^ h;
        ulong a = SplitMix64(ref x);
        x = a;
        return SplitMix64(ref x);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
