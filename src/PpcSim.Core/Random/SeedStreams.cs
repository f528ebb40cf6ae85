namespace PpcSim.Core.Random;

/// <summary>
/// Splits one run seed into named, independent streams: the seed of a stream depends only on
/// the run seed and the stream's name (and an index for per-iteration streams), never on how
/// many other streams exist or how much they were used.
/// </summary>
public static class SeedStreams
{
    public static ulong Derive(ulong seed, string name, ulong index = 0)
    {
        ulong h = 0xCBF2_9CE4_8422_2325UL; // FNV-1a over the name
        foreach (char c in name)
        {
            h ^= c;
            h *= 0x0000_0100_0000_01B3UL;
        }
        ulong x = seed ^ h;
        ulong a = Xoshiro256StarStar.SplitMix64(ref x);
        x = a ^ (index * 0xD1B5_4A32_D192_ED03UL);
        return Xoshiro256StarStar.SplitMix64(ref x);
    }

    public static Xoshiro256StarStar Create(ulong seed, string name, ulong index = 0) => new(Derive(seed, name, index));
}
