using System.Text;
using PpcSim.TestSupport;

namespace PpcSim.Linux.Tests;

/// <summary>
/// Every program in tests/programs gives the same stdout and exit status under `ppcsim run`
/// as under qemu-ppc64le.
/// </summary>
[Collection(ProgramsCollection.Name)]
public sealed class QemuAgreementTests(ProgramsFixture programs)
{
    private static readonly Dictionary<string, string> s_env = new() { ["PPCSIM_TEST"] = "agreement", ["LANG"] = "C" };

    internal static void AssertSame(GuestRunner.Result qemu, GuestRunner.Result sim, string what)
    {
        Assert.True(qemu.Stdout.AsSpan().SequenceEqual(sim.Stdout),
            $"{what}: stdout differs\n--- qemu ---\n{qemu.Text}\n--- ppcsim ---\n{sim.Text}\n--- ppcsim stderr ---\n{sim.Stderr}");
        Assert.True(qemu.ExitCode == sim.ExitCode, $"{what}: exit status qemu={qemu.ExitCode} ppcsim={sim.ExitCode}\n--- ppcsim stderr ---\n{sim.Stderr}");
    }

    private void Agree(string program, string[] args, byte[]? stdin = null, string? cwd = null)
    {
        var elf = programs.Program(program);
        var q = GuestRunner.Qemu(elf, args, stdin, s_env, cwd);
        var s = GuestRunner.Ppcsim(elf, args, stdin, s_env, cwd);
        AssertSame(q, s, $"{program} {string.Join(' ', args)}");
    }

    [Theory]
    [InlineData("hash")]
    [InlineData("fenv")]
    [InlineData("altivec")]
    [InlineData("strings")]
    [InlineData("setjmp")]
    [InlineData("atomics")]
    [InlineData("malloc")]
    [InlineData("printf")]
    [InlineData("qsort")]
    [InlineData("recursive")]
    [InlineData("signals")]
    public void Program(string name) => Agree(name, []);

    [Fact]
    public void ArgvEnvironmentAuxv() => Agree("env", ["first", "--stats", "second arg", "-x"]);

    [Fact]
    public void Stdin()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 3000; i++) text.Append($"line {i} has some words {i * i}\n");
        Agree("stdin", [], Encoding.UTF8.GetBytes(text.ToString()));
    }

    [Fact]
    public void FileSystem()
    {
        var q = Tools.TempDir("files-qemu");
        var s = Tools.TempDir("files-sim");
        var elf = programs.Program("files");
        var rq = GuestRunner.Qemu(elf, [q], null, s_env);
        var rs = GuestRunner.Ppcsim(elf, [s], null, s_env);
        AssertSame(rq, rs, "files");
        Assert.Empty(Directory.GetFileSystemEntries(s));
    }

    [Theory]
    [InlineData("return")]
    [InlineData("exit")]
    [InlineData("abort")]
    [InlineData("segv")]
    [InlineData("illegal")]
    [InlineData("trap")]
    [InlineData("kill")]
    [InlineData("big")]
    public void ExitStatus(string how) => Agree("exitcode", [how]);
}
