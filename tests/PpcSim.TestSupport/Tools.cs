using System.Diagnostics;
using System.Text;

namespace PpcSim.TestSupport;

/// <summary>
/// External tools the tests compare against. A missing tool is a test failure with a clear
/// message (./test.sh installs them), never a silent skip.
/// </summary>
public static class Tools
{
    public const string Objdump = "powerpc64le-linux-gnu-objdump";
    public const string Gcc = "powerpc64le-linux-gnu-gcc";
    public const string As = "powerpc64le-linux-gnu-as";
    public const string Qemu = "qemu-ppc64le";

    /// <summary>The repository root (the folder holding PpcSim.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PpcSim.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find PpcSim.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>Fails (throws) if a tool is not on PATH.</summary>
    public static string Require(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var p = Path.Combine(dir, tool);
            if (File.Exists(p)) return p;
        }
        throw new InvalidOperationException($"required tool '{tool}' is not installed (run ./test.sh, which installs it)");
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs a program to completion with a timeout; stdout/stderr captured as UTF-8.</summary>
    public static Result Run(string file, IEnumerable<string> args, string? stdin = null, int timeoutMs = 120_000, string? workDir = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workDir != null) psi.WorkingDirectory = workDir;
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (stdin != null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} timed out after {timeoutMs} ms");
        }
        return new Result(p.ExitCode, so.Result, se.Result);
    }

    /// <summary>A fresh temporary directory under the system temp folder.</summary>
    public static string TempDir(string prefix)
    {
        var d = Path.Combine(Path.GetTempPath(), "ppcsim-tests", prefix + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }
}
