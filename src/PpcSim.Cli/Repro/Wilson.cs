namespace PpcSim.Cli.Repro;

/// <summary>Wilson score interval for a binomial proportion (95%: z = 1.96); sane at k = 0 and k = n, unlike the normal approximation.</summary>
public static class Wilson
{
    public static (double Low, double High) Interval(long k, long n, double z = 1.959964)
    {
        if (n <= 0) return (0, 1);
        double p = (double)k / n, z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denom;
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
