using System.Net;
using System.Net.Sockets;

namespace PpcSim.GdbStub;

/// <summary>
/// Listens on 127.0.0.1 only (a debugger can write guest memory and registers: it is not for
/// other hosts) and serves one gdb connection.
/// </summary>
public sealed class GdbServer : IDisposable
{
    private readonly TcpListener _listener;

    /// <summary>Binds 127.0.0.1:<paramref name="port"/> (0 = any free port; see <see cref="Port"/>).</summary>
    public GdbServer(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start(1);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>Waits for gdb, then runs the session to its end.</summary>
    public async Task<SessionEnd> ServeOneAsync(IDebugTarget target, TextWriter? log = null, CancellationToken cancel = default)
    {
        using var client = await _listener.AcceptTcpClientAsync(cancel).ConfigureAwait(false);
        _listener.Stop();
        client.NoDelay = true;
        await using var stream = client.GetStream();
        return await new GdbSession(target, stream, log).RunAsync(cancel).ConfigureAwait(false);
    }

    public void Dispose() => _listener.Stop();
}
