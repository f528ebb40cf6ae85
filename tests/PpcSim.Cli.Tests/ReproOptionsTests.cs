using PpcSim.Cli.Repro;

namespace PpcSim.Cli.Tests;

public class ReproOptionsTests
{
    [Fact]
    public void ReproMsIsSizedFromTheWorkloadUnlessGiven()
    {
        // The committed image's workload: 64 pages x 2 rounds; udelay 1000 us per write may cost 128 ms.
        Assert.Equal(100UL, ReproRunner.DurationMsFor(new ReproOptions()));
        Assert.Equal(292UL, ReproRunner.DurationMsFor(new ReproOptions { UdelayUs = 1000 }));
        Assert.Equal(100UL + 16 * 2 * 1500 / 1000, ReproRunner.DurationMsFor(new ReproOptions { UdelayUs = 1000 }.WithBootKey("pages", "16").WithBootKey("rounds", "2")));
        Assert.Equal(30UL, ReproRunner.DurationMsFor(new ReproOptions { UdelayUs = 1000 }.With("repro-ms", "30")));
    }

    [Fact]
    public void VariantNamesEveryKnobInAFixedOrder()
    {
        var o = new ReproOptions().With("fpu-fix", "giveup").WithBootKey("rounds", "2").WithBootKey("pages", "16").With("twa", "noipi");
        Assert.Equal("twa=noipi,barrier=none,ipi_sync=on,udelay_us=0,fpu_fix=giveup,cores=2,repro_ms=auto,pages=16,rounds=2", o.Variant);
        Assert.Equal(o.Variant, new ReproOptions().WithBootKey("pages", "16").With("twa", "noipi").WithBootKey("rounds", "2").With("fpu_fix", "giveup").Variant);
    }

    [Fact]
    public void IpiLatencyIsAMachineKnobNamedOnlyWhenChanged()
    {
        var o = new ReproOptions();
        Assert.Equal(ReproOptions.DefaultIpiLatencyCycles, ReproRunner.MachineConfigFor(o).IpiLatencyCycles);
        Assert.DoesNotContain("ipi_latency", o.Variant);
        Assert.Equal(o.Variant, o.With("ipi-latency", ReproOptions.DefaultIpiLatencyCycles.ToString(System.Globalization.CultureInfo.InvariantCulture)).Variant);
        var late = o.WithBootKey("ipi_latency", "20000");
        Assert.Equal(20000UL, ReproRunner.MachineConfigFor(late).IpiLatencyCycles);
        Assert.Equal("twa=signal,barrier=none,ipi_sync=on,udelay_us=0,fpu_fix=off,cores=2,repro_ms=auto,ipi_latency=20000", late.Variant);
        Assert.Empty(late.Extra);
    }

    [Theory]
    [InlineData("twa", "sometimes")]
    [InlineData("ipi_sync", "maybe")]
    [InlineData("udelay_us", "-5")]
    [InlineData("cores", "1")]
    [InlineData("fpu_fix", "")]
    [InlineData("nonsense", "1")]
    [InlineData("ipi_latency", "0")]
    [InlineData("ipi_latency", "soon")]
    public void BadKnobsAreUsageErrors(string key, string value) =>
        Assert.Throws<UsageException>(() => new ReproOptions().With(key, value));
}
