using PpcSim.TestSupport;

namespace PpcSim.Platform.Tests;

/// <summary>Builds a bare-metal test guest (guest/NAME.S, sharing guest/boot.inc) into a flat image loaded at 0.</summary>
internal static class GuestImage
{
    public static byte[] Build(string name)
    {
        Tools.Require(Tools.Gcc);
        var dir = Tools.TempDir(name);
        string src = Path.Combine(Tools.RepoRoot, "tests", "PpcSim.Platform.Tests", "guest", name + ".S");
        string elf = Path.Combine(dir, name + ".elf"), bin = Path.Combine(dir, name + ".bin");
        var cc = Tools.Run(Tools.Gcc, ["-nostdlib", "-static", "-mcpu=power9", "-Wa,-mregnames", "-Wl,-Ttext=0", "-Wl,-e,_start", "-Wl,--build-id=none", "-o", elf, src]);
        Assert.True(cc.ExitCode == 0, cc.Stderr);
        var oc = Tools.Run("powerpc64le-linux-gnu-objcopy", ["-O", "binary", "--only-section=.text", elf, bin]);
        Assert.True(oc.ExitCode == 0, oc.Stderr);
        return File.ReadAllBytes(bin);
    }
}
