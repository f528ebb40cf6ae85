using System.Text.RegularExpressions;

namespace PpcSim.GdbStub.Tests;

/// <summary>
/// gdb-multiarch (batch mode) against `ppcsim run --gdb` and the C debuggee. One class, so the
/// tests run one after another (each starts a simulator and a gdb).
/// </summary>
public class GdbEndToEndTests
{
    private static string Run(out GdbHarness h, params string[] commands)
    {
        h = new GdbHarness(Debuggee.C);
        return h.Gdb(commands);
    }

    [Fact]
    public void BreakpointOnSymbolStepAndReadRegisters()
    {
        string o = Run(out var h,
            "break bump", "continue",
            "echo @@PC\\n", "info registers pc",
            "stepi",
            "echo @@STEP\\n", "info registers pc",
            "echo @@R3\\n", "info registers r3",
            "echo @@VS0\\n", "p $vs0", "p $f0",
            "delete", "break mix", "continue", "finish",
            "echo @@F1\\n", "p $f1", "p $vs1.v2_double[1]", "p $vs1.uint128",
            "echo @@END\\n", "kill");
        using (h)
        {
            Assert.Contains("Breakpoint 1, bump (x=1)", o);
            ulong pc = Pc(GdbHarness.Section(o, "PC"));
            Assert.Contains("<bump+", GdbHarness.Section(o, "PC"));
            Assert.Equal(pc + 4, Pc(GdbHarness.Section(o, "STEP")));
            Assert.Matches(@"r3\s+0x1\s+1", GdbHarness.Section(o, "R3"));
            string vs0 = GdbHarness.Section(o, "VS0");
            Assert.Contains("v2_double = {", vs0);
            Assert.Contains("uint128 = ", vs0);
            // mix(35, 0.25) = 35 * 1.5 + 0.25, returned in f1 = doubleword 0 of VSR1.
            string f1 = GdbHarness.Section(o, "F1");
            Assert.Contains("= 52.75\n", f1);
            Assert.Matches(@"\$\d+ = 52.75\n\$\d+ = 52.75\n", f1);
            Assert.Equal(137, h.WaitForExit());
        }
    }

    [Fact]
    public void WriteRegistersAndMemory()
    {
        string o = Run(out var h,
            "break bump", "continue",
            "set $r3 = 0x1234", "echo @@R3\\n", "p/x $r3",
            "set $f0 = 2.5", "echo @@F0\\n", "p $f0", "p $vs0.v2_double[1]",
            "set $vr2.v4_int32[0] = 77", "echo @@VR2\\n", "p $vr2.v4_int32[0]",
            "set var counter = 100", "echo @@MEM\\n", "p counter", "x/1gx &counter",
            "set var history[1] = 5", "p history[1]",
            "echo @@END\\n", "delete", "continue");
        using (h)
        {
            Assert.Contains("0x1234", GdbHarness.Section(o, "R3"));
            Assert.Matches(@"\$\d+ = 2.5\n\$\d+ = 2.5\n", GdbHarness.Section(o, "F0"));
            Assert.Contains("= 77", GdbHarness.Section(o, "VR2"));
            string mem = GdbHarness.Section(o, "MEM");
            Assert.Contains("= 100\n", mem);
            Assert.Contains("0x0000000000000064", mem);
            Assert.Contains("= 5\n", mem);
            // counter starts at 100: bump returns 101, 103, 106, 110, 115; total 535; exit 535 & 0x7f = 23.
            Assert.Contains("exited with code 027", o);
            Assert.Equal(23, h.WaitForExit());
            Assert.Contains("total=535", h.Stdout);
        }
    }

    [Fact]
    public void WatchpointOnGlobalForwardAndBackward()
    {
        string o = Run(out var h,
            "watch counter", "continue",
            "echo @@W1\\n", "continue",
            "echo @@W2\\n", "reverse-continue",
            "echo @@BACK\\n", "p counter", "x/i $pc",
            "echo @@END\\n", "delete", "continue");
        using (h)
        {
            Assert.Contains("Old value = 0\nNew value = 1", o);
            Assert.Contains("Old value = 1\nNew value = 3", GdbHarness.Section(o, "W1"));
            // Backwards the store is undone: gdb reports the change in the reverse direction and
            // stops on the storing instruction, before it ran.
            Assert.Contains("Old value = 3\nNew value = 1", GdbHarness.Section(o, "W2"));
            string back = GdbHarness.Section(o, "BACK");
            Assert.Contains("= 1\n", back);
            Assert.Matches(@"<bump\+\d+>:\s+std\s", back);
            Assert.Contains("exited with code 043", o);
            Assert.Equal(35, h.WaitForExit());
        }
    }

    [Fact]
    public void ReverseStepiReturnsToTheForwardState()
    {
        string o = Run(out var h,
            "break bump", "continue", "continue",
            "echo @@A\\n", "info all-registers", "echo @@-\\n",
            "stepi 40",
            "echo @@B\\n", "info all-registers", "echo @@-\\n",
            "reverse-stepi 40",
            "echo @@A2\\n", "info all-registers", "echo @@-\\n",
            "stepi 40",
            "echo @@B2\\n", "info all-registers", "echo @@-\\n",
            "echo @@END\\n", "kill");
        using (h)
        {
            string a = GdbHarness.Section(o, "A"), b = GdbHarness.Section(o, "B");
            Assert.Contains("vs63", a);
            Assert.NotEqual(a, b);
            Assert.Equal(a, GdbHarness.Section(o, "A2"));
            Assert.Equal(b, GdbHarness.Section(o, "B2"));
            h.WaitForExit();
        }
    }

    [Fact]
    public void ReverseContinueStopsAtEarlierBreakpointHitsThenHistoryStart()
    {
        string o = Run(out var h,
            "break bump", "continue",
            "echo @@H1\\n", "info registers", "echo @@-\\n",
            "echo @@FWD\\n", "continue", "continue",
            "echo @@BACK1\\n", "reverse-continue",
            "echo @@BACK2\\n", "reverse-continue",
            "echo @@H1B\\n", "info registers", "echo @@-\\n",
            "echo @@START\\n", "reverse-continue", "info registers pc",
            "echo @@END\\n", "kill");
        using (h)
        {
            Assert.Contains("bump (x=3)", GdbHarness.Section(o, "FWD"));
            Assert.Contains("Breakpoint 1, bump (x=2)", GdbHarness.Section(o, "BACK1"));
            Assert.Contains("Breakpoint 1, bump (x=1)", GdbHarness.Section(o, "BACK2"));
            Assert.Equal(Regs(GdbHarness.Section(o, "H1")), Regs(GdbHarness.Section(o, "H1B")));
            string start = GdbHarness.Section(o, "START");
            Assert.Contains("No more reverse-execution history.", start);
            Assert.Contains("<_start>", start);
            h.WaitForExit();
        }
    }

    [Fact]
    public void OutputIsWrittenOnceAcrossReverseExecution()
    {
        string o = Run(out var h,
            "break write", "continue",
            "echo @@A\\n", "info all-registers", "echo @@-\\n",
            "stepi 60", "reverse-stepi 60",
            "echo @@A2\\n", "info all-registers", "echo @@-\\n",
            "finish",
            "echo @@BACK\\n", "reverse-continue",
            "echo @@END\\n", "delete", "continue");
        using (h)
        {
            Assert.Equal(GdbHarness.Section(o, "A"), GdbHarness.Section(o, "A2"));
            Assert.Contains("Breakpoint 1, ", GdbHarness.Section(o, "BACK"));
            Assert.Contains("exited with code 043", o);
            Assert.Equal(35, h.WaitForExit());
            Assert.Single(Regex.Matches(h.Stdout, "total=35 d=52.75"));
        }
    }

    private static ulong Pc(string section)
    {
        var m = Regex.Match(section, @"pc\s+0x([0-9a-f]+)");
        Assert.True(m.Success, section);
        return Convert.ToUInt64(m.Groups[1].Value, 16);
    }

    /// <summary>The register lines of `info registers` (without gdb's breakpoint chatter around them).</summary>
    private static string Regs(string section)
        => string.Join('\n', section.Split('\n').Where(l => Regex.IsMatch(l, @"^(r\d+|pc|msr|cr|lr|ctr|xer|fpscr|vscr|vrsave)\s")));
}
