using System.Text;
using System.Text.RegularExpressions;
using PpcSim.TestSupport;

namespace PpcSim.Linux.Tests;

/// <summary>`ppcsim run` as a command: bad input, --stats, environment and stdio passthrough.</summary>
[Collection(ProgramsCollection.Name)]
public sealed class CliTests(ProgramsFixture programs)
{
    private static GuestRunner.Result RunCli(params string[] args)
        => GuestRunner.Run("dotnet", [GuestRunner.PpcsimDll, "run", .. args], null,
            new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "", ["HOME"] = "/tmp" }, null, 120_000);

    [Fact]
    public void BadInputIsOneLineAndExitTwo()
    {
        var dir = Tools.TempDir("badelf");
        var notElf = Path.Combine(dir, "text");
        File.WriteAllText(notElf, "#!/bin/sh\necho hi\n");
        var host = "/bin/ls";
        var truncated = Path.Combine(dir, "truncated");
        var full = File.ReadAllBytes(programs.Program("recursive"));
        File.WriteAllBytes(truncated, full.AsSpan(0, full.Length / 2).ToArray());
        foreach (var (file, expect) in new[]
        {
            (Path.Combine(dir, "missing"), "no such file"),
            (notElf, "not an ELF file"),
            (host, "is not PowerPC64"),
            (truncated, "truncated"),
            (dir, "directory"),
        })
        {
            var r = RunCli(file);
            Assert.Equal(2, r.ExitCode);
            var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.Contains(expect, lines[0]);
        }
    }

    [Fact]
    public void StatsLine()
    {
        var r = RunCli(programs.Program("recursive"), "--stats");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(new Regex(@"^stats: instructions=\d+ host_seconds=\d+\.\d+ mips=\d+\.\d+$", RegexOptions.Multiline), r.Stderr);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("stats:"));
    }

    [Fact]
    public void HostEnvironmentPassesThrough()
    {
        // No --clearenv: the guest sees ppcsim's own environment, as qemu-ppc64le's guests do.
        var env = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "",
            ["HOME"] = "/tmp",
            ["PPCSIM_TEST"] = "from the host",
        };
        var r = GuestRunner.Run("dotnet", [GuestRunner.PpcsimDll, "run", programs.Program("env")], null, env, null, 120_000);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("PPCSIM_TEST=from the host", r.Text);
    }

    [Fact]
    public void UncaughtSignalReportsOnStderr()
    {
        var r = RunCli(programs.Program("exitcode"), "segv");
        Assert.Equal(139, r.ExitCode);
        Assert.Equal("ending by segv\n", r.Text);
        Assert.Contains("SIGSEGV", r.Stderr);
        Assert.Contains("0x8", r.Stderr);
        var ill = RunCli(programs.Program("exitcode"), "illegal");
        Assert.Equal(132, ill.ExitCode);
        Assert.Contains("0x00000000", ill.Stderr);
    }

    [Fact]
    public void DeterministicAcrossRuns()
    {
        var a = RunCli("--seed", "7", programs.Program("env"));
        var b = RunCli("--seed", "7", programs.Program("env"));
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(Encoding.UTF8.GetString(a.Stdout), Encoding.UTF8.GetString(b.Stdout));
    }
}
