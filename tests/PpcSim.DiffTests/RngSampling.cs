using PpcSim.Core.Random;

namespace PpcSim.DiffTests;

/// <summary>
/// The tester's sampling helpers over the shared xoshiro256** generator. The whole tester draws
/// from explicit seeds, so a case named by its seed regenerates bit for bit on any machine and any
/// .NET version. <see cref="Below"/> keeps the tester's original mapping (top 31 bits modulo n) so
/// seeds recorded before the generator moved to PpcSim.Core still name the same cases.
/// </summary>
public static class RngSampling
{
    /// <summary>Uniform in [0, n) (a negligible modulo bias for the small n the tester uses).</summary>
    public static int Below(this Xoshiro256StarStar rng, int n) => n <= 1 ? 0 : (int)((rng.Next() >> 33) % (ulong)n);

    /// <summary>Uniform in [lo, hi] inclusive.</summary>
    public static int Range(this Xoshiro256StarStar rng, int lo, int hi) => lo + rng.Below(hi - lo + 1);

    /// <summary>True with probability num/den.</summary>
    public static bool Chance(this Xoshiro256StarStar rng, int num, int den) => rng.Below(den) < num;

    public static T Pick<T>(this Xoshiro256StarStar rng, IReadOnlyList<T> items) => items[rng.Below(items.Count)];
}
