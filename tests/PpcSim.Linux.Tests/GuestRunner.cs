using System.Diagnostics;
using System.Text;
using PpcSim.TestSupport;

namespace PpcSim.Linux.Tests;

/// <summary>
/// Runs a guest program under qemu-ppc64le and under `ppcsim run` with the same arguments,
/// stdin, working directory and (explicit, otherwise empty) environment.
/// </summary>
public static class GuestRunner
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string Text => Encoding.UTF8.GetString(Stdout);
    }

    /// <summary>ppcsim.dll next to the test assembly (the CLI project is referenced).</summary>
    public static string PpcsimDll { get; } = Path.Combine(AppContext.BaseDirectory, "ppcsim.dll");

    public static Result Qemu(string elf, IEnumerable<string> args, byte[]? stdin = null, IDictionary<string, string>? env = null, string? cwd = null, int timeoutMs = 60_000)
    {
        Tools.Require(Tools.Qemu);
        return Run(Tools.Qemu, [elf, .. args], stdin, env, cwd, timeoutMs);
    }

    public static Result Ppcsim(string elf, IEnumerable<string> args, byte[]? stdin = null, IDictionary<string, string>? env = null, string? cwd = null, int timeoutMs = 600_000, IEnumerable<string>? options = null)
        => Run("dotnet", [PpcsimDll, "run", .. options ?? [], elf, .. args], stdin, env, cwd, timeoutMs, keepDotnetEnv: true);

    public static Result Run(string file, IEnumerable<string> args, byte[]? stdin, IDictionary<string, string>? env, string? cwd, int timeoutMs, bool keepDotnetEnv = false)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (cwd != null) psi.WorkingDirectory = cwd;
        // The guest environment is exactly `env` on both sides. The dotnet host needs PATH/HOME
        // to start, so ppcsim gets them too, but passes only `env` on (--clearenv + --env).
        psi.Environment.Clear();
        if (keepDotnetEnv)
        {
            foreach (var k in new[] { "PATH", "HOME", "DOTNET_ROOT", "DOTNET_CLI_HOME" })
                if (Environment.GetEnvironmentVariable(k) is { } v) psi.Environment[k] = v;
            psi.ArgumentList.Insert(2, "--clearenv");
            int at = 3;
            foreach (var (k, v) in env ?? new Dictionary<string, string>())
            {
                psi.ArgumentList.Insert(at++, "--env");
                psi.ArgumentList.Insert(at++, $"{k}={v}");
            }
        }
        else
        {
            foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var so = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(so);
        var se = p.StandardError.ReadToEndAsync();
        try
        {
            if (stdin != null) p.StandardInput.BaseStream.Write(stdin);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // The guest may exit without reading all of its input.
        }
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', psi.ArgumentList)} timed out after {timeoutMs} ms");
        }
        copy.Wait();
        return new Result(p.ExitCode, so.ToArray(), se.Result);
    }
}
