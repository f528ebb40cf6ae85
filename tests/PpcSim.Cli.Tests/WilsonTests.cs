using PpcSim.Cli.Repro;

namespace PpcSim.Cli.Tests;

public class WilsonTests
{
    /// <summary>
    /// Published figures: Newcombe, "Two-sided confidence intervals for the single proportion"
    /// (Stat. Med. 1998), method 3 (Wilson score without continuity correction), 4 decimals;
    /// plus the textbook 0/10, 5/10 and 10/10.
    /// </summary>
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(10, 10, 0.7225, 1.0)]
    public void MatchesPublishedIntervals(long k, long n, double low, double high)
    {
        var (lo, hi) = Wilson.Interval(k, n);
        Assert.Equal(low, Math.Round(lo, 4));
        Assert.Equal(high, Math.Round(hi, 4));
    }

    [Fact]
    public void NoRunsIsTheWholeRange() => Assert.Equal((0.0, 1.0), Wilson.Interval(0, 0));
}
