using System.Text.RegularExpressions;
using PpcSim.TestSupport;

namespace PpcSim.Litmus.Tests;

/// <summary>ppcsim litmus as a user runs it (the built CLI as a child process).</summary>
public sealed partial class CliTests
{
    private static Tools.Result Ppcsim(params string[] args) => Tools.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "ppcsim.dll"), .. args]);

    [GeneratedRegex(@"^Test MP Allowed\nHistogram \(4 states\)\n(\d+ *[*:]>1:r1=\d; 1:r3=\d;\n){4}Ok\n\nWitnesses\nPositive: \d+, Negative: \d+\nCondition exists \(1:r1=1 /\\ 1:r3=0\) is validated\nHash=[0-9a-f]{32}\nObservation MP Sometimes \d+ \d+\nTime MP \d+\.\d\d\n")]
    private static partial Regex Litmus7Block();

    [Fact]
    public void PrintsALitmus7Log()
    {
        var r = Ppcsim("litmus", Path.Combine(Suite.Dir, "MP.litmus"), "--runs", "3000", "--seed", "5");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(Litmus7Block(), r.Stdout);
        Assert.Contains("*>1:r1=1; 1:r3=0;", r.Stdout);
        var again = Ppcsim("litmus", Path.Combine(Suite.Dir, "MP.litmus"), "--runs", "3000", "--seed", "5");
        Assert.Equal(Strip(r.Stdout), Strip(again.Stdout));
    }

    private static string Strip(string log) => Regex.Replace(log, @"^Time .*$", "", RegexOptions.Multiline);

    [Fact]
    public void MalformedFileIsReportedAndTheOthersStillRun()
    {
        string dir = Tools.TempDir("litmus-cli");
        string bad = Path.Combine(dir, "bad.litmus");
        File.WriteAllText(bad, "PPC bad\n{ 0:r2=x; }\n P0 ;\n frob r1 ;\nexists (0:r1=0)\n");
        var r = Ppcsim("litmus", bad, Path.Combine(Suite.Dir, "SB.litmus"), "--runs", "1000");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{bad}:4: ", r.Stderr);
        Assert.Contains("unknown instruction 'frob'", r.Stderr);
        Assert.Contains("Test SB Allowed", r.Stdout);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void ExpectedSetViolationExitsOne()
    {
        string dir = Tools.TempDir("litmus-cli");
        string tsv = Path.Combine(dir, "expected.tsv");
        // SB with its witness removed from the allowed set: the runs will show it.
        File.WriteAllText(tsv, "test\tfile\tcondition\tverdict\tstates\n" +
            "SB\tSB.litmus\texists (0:r3=0 /\\ 1:r3=0)\tForbidden\t0:r3=0; 1:r3=1; | 0:r3=1; 1:r3=0; | 0:r3=1; 1:r3=1;\n");
        var r = Ppcsim("litmus", Path.Combine(Suite.Dir, "SB.litmus"), "--runs", "2000", "--expected", tsv);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("0:r3=0; 1:r3=0;", r.Stderr);
        var ok = Ppcsim("litmus", Path.Combine(Suite.Dir, "SB.litmus"), Path.Combine(Suite.Dir, "MP+syncs.litmus"), "--runs", "2000", "--expected", Path.Combine(Suite.Dir, "expected.tsv"));
        Assert.Equal(0, ok.ExitCode);
    }

    [Fact]
    public void ExhaustivePrintsHerdStyleStates()
    {
        var r = Ppcsim("litmus", Path.Combine(Suite.Dir, "SB+syncs.litmus"), "--exhaustive");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Test SB+syncs Allowed\nStates 3\n0:r3=0; 1:r3=1;\n0:r3=1; 1:r3=0;\n0:r3=1; 1:r3=1;\nNo\n", r.Stdout);
        var tso = Ppcsim("litmus", Path.Combine(Suite.Dir, "MP.litmus"), "--exhaustive", "--model", "tso");
        Assert.Contains("Observation MP Never", tso.Stdout);
    }

    [Fact]
    public void BadOptionsExitTwo()
    {
        Assert.Equal(2, Ppcsim("litmus", Path.Combine(Suite.Dir, "SB.litmus"), "--model", "arm").ExitCode);
        Assert.Equal(2, Ppcsim("litmus", Path.Combine(Suite.Dir, "SB.litmus"), "--runs", "0").ExitCode);
        Assert.Equal(2, Ppcsim("litmus").ExitCode);
        Assert.Equal(2, Ppcsim("litmus", "/nonexistent.litmus").ExitCode);
    }
}
