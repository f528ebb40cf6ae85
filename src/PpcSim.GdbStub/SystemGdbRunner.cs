using PpcSim.Platform;

namespace PpcSim.GdbStub;

/// <summary>`ppcsim boot --gdb PORT` and `ppcsim repro --gdb PORT`: the full system under gdb's control.</summary>
public static class SystemGdbRunner
{
    /// <summary>
    /// Listens on 127.0.0.1:<paramref name="port"/>, announces it on <paramref name="diag"/>, serves one
    /// gdb session over a <see cref="SystemDebugTarget"/> and returns an exit status: the guest's
    /// power-off status if it got there (after a detach the machine runs on to its end), 3 if the
    /// machine stopped otherwise, 128+9 if gdb killed it or went away.
    /// </summary>
    public static int Run(Func<Stream?, SystemMachine> boot, ulong maxCycles, int port, Stream console, TextWriter diag, Action<int>? listening = null)
    {
        var target = new SystemDebugTarget(boot, maxCycles, console);
        using var server = new GdbServer(port);
        diag.WriteLine($"ppcsim: gdb stub listening on 127.0.0.1:{server.Port}");
        diag.Flush();
        listening?.Invoke(server.Port);
        var trace = Environment.GetEnvironmentVariable("PPCSIM_GDBSTUB_TRACE") is { Length: > 0 } ? diag : null;
        var end = server.ServeOneAsync(target, trace).GetAwaiter().GetResult();
        var m = target.Machine;
        if (end == SessionEnd.Detached && m.SimControl.ExitStatus == null)
        {
            target.Detach();
            var reason = m.Run(maxCycles);
            console.Flush();
            if (reason != MachineStopReason.PowerOff)
            {
                diag.WriteLine($"ppcsim: machine stopped: {reason}");
                if (m.Diagnosis != null) diag.WriteLine(m.Diagnosis);
                return 3;
            }
        }
        console.Flush();
        if (m.SimControl.ExitStatus is { } status) return status;
        diag.WriteLine(end == SessionEnd.Killed ? "ppcsim: killed by gdb" : "ppcsim: gdb disconnected; machine stopped");
        return 128 + 9;
    }
}
