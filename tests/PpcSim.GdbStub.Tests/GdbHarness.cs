using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using PpcSim.TestSupport;

namespace PpcSim.GdbStub.Tests;

/// <summary>
/// Runs `ppcsim run --gdb 0 ELF` (the built CLI, as a child process) and reads back the port it
/// bound from its "listening" line; then drives it with gdb-multiarch in batch mode or with a raw
/// socket. Everything is bounded in time: a hang kills both processes and fails the test.
/// </summary>
internal sealed partial class GdbHarness : IDisposable
{
    public const string GdbMultiarch = "gdb-multiarch";
    private static readonly string s_cliDll = Path.Combine(AppContext.BaseDirectory, "ppcsim.dll");

    private readonly Process _sim;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GdbHarness(string elf, params string[] guestArgs)
        : this(elf, (IReadOnlyList<string>)["run", "--gdb", "0", elf, .. guestArgs])
    {
    }

    /// <summary>Runs `ppcsim CLIARGS` (which must include --gdb 0); gdb loads symbols from <paramref name="elf"/>.</summary>
    public GdbHarness(string elf, IReadOnlyList<string> cliArgs)
    {
        Elf = elf;
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { s_cliDll }.Concat(cliArgs)) psi.ArgumentList.Add(a);
        _sim = Process.Start(psi) ?? throw new InvalidOperationException("cannot start ppcsim");
        _sim.StandardInput.Close();
        _sim.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_stdout) _stdout.AppendLine(e.Data); };
        _sim.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
            var m = ListeningLine().Match(e.Data);
            if (m.Success) _port.TrySetResult(int.Parse(m.Groups[1].Value));
        };
        _sim.BeginOutputReadLine();
        _sim.BeginErrorReadLine();
        if (!_port.Task.Wait(TimeSpan.FromSeconds(20)))
            throw new TimeoutException("ppcsim did not print its gdb stub line; stderr:\n" + Stderr);
        Port = _port.Task.Result;
    }

    [GeneratedRegex(@"^ppcsim: gdb stub listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex ListeningLine();

    public string Elf { get; }
    public int Port { get; }
    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Runs gdb-multiarch -batch with these commands after connecting; returns its output.</summary>
    public string Gdb(params string[] commands)
    {
        Tools.Require(GdbMultiarch);
        var args = new List<string> { "-batch", "-nx", "-ex", "set architecture powerpc:common64", "-ex", "set pagination off",
            "-ex", "set confirm off", "-ex", $"target remote 127.0.0.1:{Port}" };
        foreach (var c in commands) args.AddRange(["-ex", c]);
        args.Add(Elf);
        var r = Tools.Run(GdbMultiarch, args, timeoutMs: 40_000);
        return r.Stdout + r.Stderr;
    }

    /// <summary>Waits for the simulator to exit; its exit status.</summary>
    public int WaitForExit(int timeoutMs = 20_000)
    {
        if (!_sim.WaitForExit(timeoutMs))
        {
            _sim.Kill(entireProcessTree: true);
            throw new TimeoutException("ppcsim did not exit; stderr:\n" + Stderr);
        }
        _sim.WaitForExit();
        return _sim.ExitCode;
    }

    public void Dispose()
    {
        if (!_sim.HasExited) _sim.Kill(entireProcessTree: true);
        _sim.Dispose();
    }

    /// <summary>The text gdb printed between `echo @@NAME\n` and the next marker.</summary>
    public static string Section(string output, string name)
    {
        int start = output.IndexOf($"@@{name}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"marker @@{name} missing in gdb output:\n{output}");
        start += name.Length + 3;
        int end = output.IndexOf("@@", start, StringComparison.Ordinal);
        return end < 0 ? output[start..] : output[start..end];
    }
}
