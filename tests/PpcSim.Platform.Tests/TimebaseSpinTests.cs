using System.Diagnostics;
using PpcSim.Platform;
using PpcSim.TestSupport;
using Xunit.Abstractions;

namespace PpcSim.Platform.Tests;

/// <summary>A udelay-style spin on the timebase costs simulated time faithfully and little host time.</summary>
public class TimebaseSpinTests(ITestOutputHelper output)
{
    private static byte[] BuildGuest() => GuestImage.Build("udelay");

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Udelay1000IsFastForwarded(int cores)
    {
        var image = BuildGuest();
        (ulong ticks, ulong insns, ulong hash, double ms) Run()
        {
            var m = new SystemMachine(new MachineConfig { Cores = cores, Seed = 2 });
            m.LoadFlatImage(image);
            var sw = Stopwatch.StartNew();
            var reason = m.Run(maxCycles: 100_000_000);
            sw.Stop();
            Assert.True(reason == MachineStopReason.PowerOff, $"{reason}: {m.Diagnosis}");
            Assert.Equal(7, m.SimControl.ExitStatus);
            Assert.True(m.Cpus[0].SpinSkips > 0);
            return (m.Ram.ReadLe(0x7000, 8), m.Cpus[0].Instructions, m.StateHash(), sw.Elapsed.TotalMilliseconds);
        }
        Run(); // warm up the JIT
        var a = Run();
        var b = Run();
        output.WriteLine($"cores={cores}: udelay(1000) took {a.ticks} ticks, {a.insns} instructions, host {a.ms:F2} ms / {b.ms:F2} ms");
        // Simulated time is faithful: the loop exits at the first timebase read >= the end.
        Assert.InRange(a.ticks, 512_000UL, 512_000UL + 16);
        // Without fast-forwarding the loop would retire ~3.8M cycles' worth of instructions.
        Assert.True(a.insns < 100_000, $"{a.insns} instructions retired");
        Assert.Equal(a.hash, b.hash);
        Assert.Equal(a.ticks, b.ticks);
    }
}
