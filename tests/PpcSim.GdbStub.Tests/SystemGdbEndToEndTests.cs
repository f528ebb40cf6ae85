using System.Globalization;
using System.Text.RegularExpressions;

namespace PpcSim.GdbStub.Tests;

/// <summary>gdb-multiarch (batch mode) against `ppcsim repro --seed 1 --gdb 0` with the kernel's symbols.</summary>
public partial class SystemGdbEndToEndTests
{
    [GeneratedRegex(@"\$\d+ = (0x[0-9a-f]+)")]
    private static partial Regex Value();

    private static ulong Hex(string section)
    {
        var m = Value().Match(section);
        Assert.True(m.Success, $"no value in: {section}");
        return ulong.Parse(m.Groups[1].Value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void BreakOnSaveFpuInTheReproKernelStepAndStepBack()
    {
        ulong saveFpu = SystemRepro.Symbol("save_fpu");
        using var h = new GdbHarness(SystemRepro.KernelElf, (IReadOnlyList<string>)["repro", "--seed", "1", "--image", SystemRepro.KernelBin, "--gdb", "0"]);
        string o = h.Gdb(
            "break save_fpu", "continue",
            "echo @@PC\\n", "p/x $pc",
            "echo @@THREADS\\n", "info threads",
            "echo @@BT\\n", "bt 3",
            "echo @@SRR\\n", "info registers srr0 msr",
            "echo @@STEPI\\n", "stepi", "p/x $pc",
            "echo @@BACK\\n", "reverse-stepi", "p/x $pc",
            "echo @@END\\n", "kill");
        Assert.Contains("Breakpoint 1, ", o);
        Assert.Equal(saveFpu, Hex(GdbHarness.Section(o, "PC")));
        string threads = GdbHarness.Section(o, "THREADS");
        Assert.Contains("Thread 1", threads);
        Assert.Contains("Thread 2", threads);
        Assert.Contains("save_fpu", threads);
        Assert.Contains("save_fpu", GdbHarness.Section(o, "BT"));
        Assert.Contains("srr0", GdbHarness.Section(o, "SRR"));
        Assert.NotEqual(saveFpu, Hex(GdbHarness.Section(o, "STEPI")));
        Assert.Equal(saveFpu, Hex(GdbHarness.Section(o, "BACK")));
    }
}
