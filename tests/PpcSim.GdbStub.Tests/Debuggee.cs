using PpcSim.TestSupport;

namespace PpcSim.GdbStub.Tests;

/// <summary>The test guests, compiled once per test run from guest/*.c and guest/*.s.</summary>
internal static class Debuggee
{
    private static readonly Lazy<string> s_c = new(() => Build("debuggee.c", ["-static", "-O0", "-g"]));
    private static readonly Lazy<string> s_asm = new(() => Build("loop.s", ["-static", "-nostdlib"]));
    private static readonly Lazy<string> s_spin = new(() => Build("spin.s", ["-static", "-nostdlib"]));

    private static readonly Lazy<string> s_segv = new(() => Build("segv.s", ["-static", "-nostdlib"]));

    /// <summary>A -nostdlib guest whose third instruction loads from an unmapped address.</summary>
    public static string Segv => s_segv.Value;

    /// <summary>A -nostdlib guest that never ends (for interrupt tests).</summary>
    public static string Spin => s_spin.Value;

    /// <summary>The C debuggee (static glibc, -O0 -g).</summary>
    public static string C => s_c.Value;

    /// <summary>A -nostdlib assembly guest: a counting loop, one write, exit.</summary>
    public static string Asm => s_asm.Value;

    private static string Build(string source, string[] flags)
    {
        Tools.Require(Tools.Gcc);
        string src = Path.Combine(AppContext.BaseDirectory, "guest", source);
        string outDir = Tools.TempDir("gdbstub-guest");
        string exe = Path.Combine(outDir, Path.GetFileNameWithoutExtension(source));
        var r = Tools.Run(Tools.Gcc, [.. flags, src, "-o", exe], timeoutMs: 60_000);
        Assert.True(r.ExitCode == 0, $"{Tools.Gcc} {source} failed:\n{r.Stderr}");
        return exe;
    }
}
