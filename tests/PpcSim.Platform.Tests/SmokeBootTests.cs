using PpcSim.Platform;
using PpcSim.TestSupport;

namespace PpcSim.Platform.Tests;

/// <summary>Boots a tiny bare-metal guest (built with the cross toolchain) on the full-system machine.</summary>
public class SmokeBootTests
{
    private static byte[] BuildGuest()
    {
        Tools.Require(Tools.Gcc);
        var dir = Tools.TempDir("smoke");
        string src = Path.Combine(Tools.RepoRoot, "tests", "PpcSim.Platform.Tests", "guest", "smoke.S");
        string elf = Path.Combine(dir, "smoke.elf"), bin = Path.Combine(dir, "smoke.bin");
        var cc = Tools.Run(Tools.Gcc, ["-nostdlib", "-static", "-mcpu=power9", "-Wa,-mregnames", "-Wl,-Ttext=0", "-Wl,-e,_start", "-Wl,--build-id=none", "-o", elf, src]);
        Assert.True(cc.ExitCode == 0, cc.Stderr);
        var oc = Tools.Run("powerpc64le-linux-gnu-objcopy", ["-O", "binary", "--only-section=.text", elf, bin]);
        Assert.True(oc.ExitCode == 0, oc.Stderr);
        return File.ReadAllBytes(bin);
    }

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
