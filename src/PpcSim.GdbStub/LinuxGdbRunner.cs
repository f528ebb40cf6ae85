using PpcSim.Linux;

namespace PpcSim.GdbStub;

/// <summary>`ppcsim run --gdb PORT`: runs a <see cref="LinuxProcess"/> under gdb's control.</summary>
public static class LinuxGdbRunner
{
    /// <summary>Instructions between snapshots (reverse-step replays at most this many).</summary>
    public const ulong DefaultSnapshotInterval = 1 << 18;

    /// <summary>
    /// Listens on 127.0.0.1:<paramref name="port"/>, announces it on <paramref name="diag"/>, serves one
    /// gdb session and returns the exit status: the program's own if it ended (or after a detach,
    /// when it runs on to its end), 128+9 if gdb killed it or went away.
    /// </summary>
    public static int Run(LinuxProcess process, int port, TextWriter diag, Action<int>? listening = null)
    {
        var machine = new LinuxProcessMachine(process);
        var target = new ReplayTarget(machine, DefaultSnapshotInterval);
        using var server = new GdbServer(port);
        diag.WriteLine($"ppcsim: gdb stub listening on 127.0.0.1:{server.Port}");
        diag.Flush();
        listening?.Invoke(server.Port);
        var trace = Environment.GetEnvironmentVariable("PPCSIM_GDBSTUB_TRACE") is { Length: > 0 } ? diag : null;
        var end = server.ServeOneAsync(target, trace).GetAwaiter().GetResult();
        if (process.ExitCode is { } code)
        {
            process.FlushOutput();
            return code;
        }
        if (end == SessionEnd.Detached)
        {
            target.ReleaseForFreeRun();
            return process.Run();
        }
        process.FlushOutput();
        diag.WriteLine(end == SessionEnd.Killed ? "ppcsim: killed by gdb" : "ppcsim: gdb disconnected; program stopped");
        return 128 + 9;
    }
}
