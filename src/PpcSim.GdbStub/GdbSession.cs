using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;
using PpcSim.Core;

namespace PpcSim.GdbStub;

/// <summary>
/// One gdb connection: reads packets (a reader task frames the byte stream with
/// <see cref="RspFramer"/> and raises the interrupt flag on Ctrl-C while the target runs),
/// answers them against an <see cref="IDebugTarget"/>, and ends on k, D, a disconnect or a
/// stream that is not RSP. A packet gdb sends that the stub does not know gets the empty
/// reply (the protocol's "not supported"); a known packet with bad arguments gets "Enn".
/// </summary>
public sealed class GdbSession
{
    private readonly IDebugTarget _target;
    private readonly Stream _stream;
    private readonly TextWriter? _log;
    private readonly Channel<RspItem> _items = Channel.CreateUnbounded<RspItem>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private volatile bool _interrupt;
    private bool _ack = true;
    private byte[] _lastSent = [];
    private int _gThread = 1;
    private int _cThread = -1;
    private SessionEnd? _end;

    public const int PacketSize = 0x20000;

    public GdbSession(IDebugTarget target, Stream stream, TextWriter? log = null)
    {
        _target = target;
        _stream = stream;
        _log = log;
    }

    public async Task<SessionEnd> RunAsync(CancellationToken cancel = default)
    {
        var reader = Task.Run(() => ReadLoopAsync(cancel), CancellationToken.None);
        try
        {
            await foreach (var item in _items.Reader.ReadAllAsync(cancel).ConfigureAwait(false))
            {
                switch (item.Kind)
                {
                    case RspItemKind.Nak:
                        if (_lastSent.Length > 0) Send(_lastSent);
                        break;
                    case RspItemKind.BadChecksum:
                        Log($"<- bad checksum: {item.Text}");
                        if (_ack) Send("-"u8.ToArray());
                        break;
                    case RspItemKind.Packet:
                        if (_ack) Send("+"u8.ToArray());
                        Log($"<- {Printable(item.Text)}");
                        string? reply = Handle(item);
                        if (reply != null) Reply(reply);
                        if (_end is { } end) return end;
                        break;
                }
            }
            return SessionEnd.Disconnected;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // gdb went away while we were answering.
            return SessionEnd.Disconnected;
        }
        catch (InvalidDataException e)
        {
            Log($"malformed stream: {e.Message}");
            return SessionEnd.Disconnected;
        }
        catch (OperationCanceledException)
        {
            return SessionEnd.Disconnected;
        }
        finally
        {
            try
            {
                _stream.Close();
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
            }
            try
            {
                await reader.ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancel)
    {
        var pipe = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await pipe.ReadAsync(cancel).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (RspFramer.TryRead(ref buffer, out var item))
                {
                    // Ctrl-C only sets the flag the running target polls; its stop reply is the answer.
                    if (item.Kind == RspItemKind.Interrupt) _interrupt = true;
                    else _items.Writer.TryWrite(item);
                }
                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) break;
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // A malformed stream or an abrupt disconnect ends the session.
            error = e is InvalidDataException ? e : null;
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
            _items.Writer.TryComplete(error);
        }
    }

    // ---- output -------------------------------------------------------------------------------

    private void Reply(string payload) => Reply(Encoding.Latin1.GetBytes(payload));

    private void Reply(byte[] payload)
    {
        Log($"-> {Printable(Encoding.Latin1.GetString(payload))}");
        _lastSent = RspCodec.Frame(payload);
        Send(_lastSent);
    }

    private void Send(byte[] bytes)
    {
        _stream.Write(bytes);
        _stream.Flush();
    }

    private void Log(string line)
    {
        if (_log == null) return;
        _log.WriteLine("gdbstub: " + (line.Length > 200 ? line[..200] + "..." : line));
        _log.Flush();
    }

    private static string Printable(string s) => new(s.Select(ch => ch is >= ' ' and < (char)127 ? ch : '.').ToArray());

    // ---- packets ------------------------------------------------------------------------------

    /// <summary>The reply to one packet (null = none, as after k).</summary>
    internal string? Handle(RspItem packet)
    {
        string p = packet.Text;
        if (p.Length == 0) return "";
        try
        {
            return p[0] switch
            {
                '?' => StopReply(_target.LastStop),
                'g' => RspCodec.ToHex(PowerRegisters.ReadAll(_target.Registers(GThread))),
                'G' => WriteAllRegisters(p[1..]),
                'p' => ReadRegister(p[1..]),
                'P' => WriteRegister(p[1..]),
                'm' => ReadMemory(p[1..]),
                'M' => WriteMemoryHex(p[1..]),
                'X' => WriteMemoryBinary(packet.Payload),
                'c' or 's' => ResumeOld(p[0] == 's', p[1..]),
                'C' or 'S' => ResumeOld(p[0] == 'S', p.IndexOf(';') is int semi and >= 0 ? p[(semi + 1)..] : ""),
                'b' when p == "bs" => Resume(ResumeMode.ReverseStep, _cThread),
                'b' when p == "bc" => Resume(ResumeMode.ReverseContinue, _cThread),
                'Z' or 'z' => BreakWatch(p[0] == 'Z', p[1..]),
                'H' => SetThread(p[1..]),
                'T' => ParseThread(p[1..], out int t) && _target.ThreadIds.Contains(t) ? "OK" : "E01",
                'k' => End(SessionEnd.Killed, null),
                'D' => End(SessionEnd.Detached, "OK"),
                'q' or 'Q' => Query(p),
                'v' => VPacket(p),
                _ => "",
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            Log($"bad packet: {e.Message}");
            return "E01";
        }
    }

    private string? End(SessionEnd how, string? reply)
    {
        _end = how;
        return reply;
    }

    private string? Query(string p)
    {
        if (p.StartsWith("qSupported", StringComparison.Ordinal))
        {
            var f = new StringBuilder($"PacketSize={PacketSize:x};qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+");
            if (_target.CanReverse) f.Append(";ReverseStep+;ReverseContinue+");
            return f.ToString();
        }
        if (p == "QStartNoAckMode")
        {
            // The OK itself still travels with acknowledgement; gdb acks it, then both sides stop.
            Reply("OK");
            _ack = false;
            return null;
        }
        if (p.StartsWith("qXfer:features:read:", StringComparison.Ordinal)) return XferFeatures(p["qXfer:features:read:".Length..]);
        if (p == "qAttached" || p.StartsWith("qAttached:", StringComparison.Ordinal)) return "0";
        if (p == "qC") return $"QC{FirstThread():x}";
        if (p == "qfThreadInfo") return "m" + string.Join(',', _target.ThreadIds.Select(t => t.ToString("x", CultureInfo.InvariantCulture)));
        if (p == "qsThreadInfo") return "l";
        if (p.StartsWith("qThreadExtraInfo,", StringComparison.Ordinal))
        {
            if (!ParseThread(p["qThreadExtraInfo,".Length..], out int t) || !_target.ThreadIds.Contains(t)) return "E01";
            return RspCodec.ToHex(Encoding.ASCII.GetBytes(_target.DescribeThread(t)));
        }
        if (p.StartsWith("qSymbol", StringComparison.Ordinal)) return "OK";
        if (p.StartsWith("qRcmd,", StringComparison.Ordinal))
        {
            // gdb's `monitor CMD`: the answer is console output (O packets) followed by OK.
            var cmd = RspCodec.FromHex(p.AsSpan("qRcmd,".Length));
            if (cmd == null) return "E01";
            string? text = _target.Monitor(Encoding.ASCII.GetString(cmd).Trim());
            if (text == null) return "";
            if (text.Length > 0) Reply("O" + RspCodec.ToHex(Encoding.UTF8.GetBytes(text.EndsWith('\n') ? text : text + "\n")));
            return "OK";
        }
        return "";
    }

    private string? VPacket(string p)
    {
        if (p == "vCont?") return "vCont;c;C;s;S";
        if (p.StartsWith("vCont;", StringComparison.Ordinal)) return VCont(p["vCont;".Length..]);
        if (p.StartsWith("vKill", StringComparison.Ordinal)) return End(SessionEnd.Killed, "OK");
        return "";
    }

    private string XferFeatures(string args)
    {
        int colon = args.IndexOf(':');
        if (colon < 0) return "E01";
        string annex = args[..colon];
        if (annex != "target.xml") return "E00";
        var (offset, length) = AddressLength(args[(colon + 1)..]);
        var doc = Encoding.UTF8.GetBytes(_target.TargetDescription);
        if (offset >= (ulong)doc.Length) return "l";
        int n = (int)Math.Min(length, (ulong)doc.Length - offset);
        var chunk = RspCodec.EscapeBinary(doc.AsSpan((int)offset, n));
        string prefix = offset + (ulong)n >= (ulong)doc.Length ? "l" : "m";
        return prefix + Encoding.Latin1.GetString(chunk);
    }

    private int FirstThread() => _target.ThreadIds[0];

    private int GThread => _gThread <= 0 ? FirstThread() : _gThread;

    private static bool ParseThread(string s, out int thread)
    {
        thread = 0;
        if (s == "-1")
        {
            thread = -1;
            return true;
        }
        return int.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out thread);
    }

    private string SetThread(string s)
    {
        if (s.Length < 2 || !ParseThread(s[1..], out int t)) return "E01";
        if (t > 0 && !_target.ThreadIds.Contains(t)) return "E22";
        if (s[0] == 'g') _gThread = t;
        else if (s[0] == 'c') _cThread = t;
        else return "E01";
        return "OK";
    }

    private static (ulong A, ulong B) AddressLength(string s)
    {
        int comma = s.IndexOf(',');
        if (comma < 0 || !RspCodec.TryParseHex(s.AsSpan(0, comma), out ulong a) || !RspCodec.TryParseHex(s.AsSpan(comma + 1), out ulong b))
            throw new FormatException($"expected ADDR,LENGTH, got '{s}'");
        return (a, b);
    }

    // ---- registers ----------------------------------------------------------------------------

    private string ReadRegister(string s)
    {
        if (!int.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int n) || PowerRegisters.Size(n) == 0) return "E45";
        return RspCodec.ToHex(PowerRegisters.Read(_target.Registers(GThread), n));
    }

    private string WriteRegister(string s)
    {
        int eq = s.IndexOf('=');
        if (eq < 0 || !int.TryParse(s.AsSpan(0, eq), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int n)) return "E01";
        var bytes = RspCodec.FromHex(s.AsSpan(eq + 1));
        if (bytes == null || PowerRegisters.Size(n) == 0 || bytes.Length != PowerRegisters.Size(n)) return "E45";
        return _target.TryEditRegisters(GThread, c => PowerRegisters.Write(c, n, bytes), out var err) ? "OK" : Refused(err);
    }

    private string WriteAllRegisters(string hex)
    {
        var bytes = RspCodec.FromHex(hex);
        if (bytes == null) return "E01";
        return _target.TryEditRegisters(GThread, c => PowerRegisters.WriteAll(c, bytes), out var err) ? "OK" : Refused(err);
    }

    private string Refused(string? why)
    {
        Log($"refused: {why}");
        // gdb shows the text of an "E.message" reply when the packet allows it.
        return "E.ppcsim: " + (why ?? "refused");
    }

    // ---- memory -------------------------------------------------------------------------------

    private string ReadMemory(string s)
    {
        var (addr, len) = AddressLength(s);
        if (len > PacketSize / 2 - 16) len = PacketSize / 2 - 16;
        var buf = new byte[len];
        int n = _target.ReadMemory(GThread, addr, buf);
        if (n == 0 && len > 0) return "E14";
        return RspCodec.ToHex(buf.AsSpan(0, n));
    }

    private string WriteMemoryHex(string s)
    {
        int colon = s.IndexOf(':');
        if (colon < 0) return "E01";
        var (addr, len) = AddressLength(s[..colon]);
        var data = RspCodec.FromHex(s.AsSpan(colon + 1));
        if (data == null || (ulong)data.Length != len) return "E01";
        return _target.TryWriteMemory(GThread, addr, data, out var err) ? "OK" : (err == "address not mapped" ? "E14" : Refused(err));
    }

    private string WriteMemoryBinary(byte[] payload)
    {
        int colon = Array.IndexOf(payload, (byte)':');
        if (colon < 0) return "E01";
        var (addr, len) = AddressLength(Encoding.Latin1.GetString(payload, 1, colon - 1));
        var data = RspCodec.UnescapeBinary(payload.AsSpan(colon + 1));
        if (data == null || (ulong)data.Length != len) return "E01";
        // "X addr,0:" probes whether X is supported.
        if (len == 0) return "OK";
        return _target.TryWriteMemory(GThread, addr, data, out var err) ? "OK" : (err == "address not mapped" ? "E14" : Refused(err));
    }

    // ---- breakpoints --------------------------------------------------------------------------

    private string BreakWatch(bool insert, string s)
    {
        // type,addr,kind[;cond...]: conditions and commands are not supported (gdb evaluates them).
        int semi = s.IndexOf(';');
        if (semi >= 0) s = s[..semi];
        var parts = s.Split(',');
        if (parts.Length != 3 || parts[0].Length != 1) return "E01";
        if (!RspCodec.TryParseHex(parts[1], out ulong addr) || !RspCodec.TryParseHex(parts[2], out ulong kind)) return "E01";
        switch (parts[0][0])
        {
            case '0':
            case '1':
                return _target.SetBreakpoint(addr, insert) ? "OK" : "E01";
            case '2':
            case '3':
            case '4':
                var wk = parts[0][0] == '2' ? WatchKind.Write : parts[0][0] == '3' ? WatchKind.Read : WatchKind.Access;
                return _target.SetWatchpoint(addr, kind, wk, insert) ? "OK" : "E01";
            default:
                return "";
        }
    }

    // ---- execution ----------------------------------------------------------------------------

    private string? ResumeOld(bool step, string addrText)
    {
        if (addrText.Length > 0)
        {
            if (!RspCodec.TryParseHex(addrText, out ulong addr)) return "E01";
            if (!_target.TryEditRegisters(_cThread <= 0 ? FirstThread() : _cThread, c => c.Pc = addr, out var err)) return Refused(err);
        }
        return Resume(step ? ResumeMode.Step : ResumeMode.Continue, _cThread);
    }

    private string? VCont(string actions)
    {
        // The first action that applies to a thread wins; user mode has one thread, so the first
        // action naming it (or naming no thread) decides between step and continue.
        foreach (var action in actions.Split(';'))
        {
            if (action.Length == 0) return "E01";
            int colon = action.IndexOf(':');
            int thread = -1;
            if (colon >= 0 && !ParseThread(action[(colon + 1)..], out thread)) return "E01";
            string verb = colon >= 0 ? action[..colon] : action;
            bool step = verb[0] is 's' or 'S';
            if (verb[0] is not ('s' or 'S' or 'c' or 'C')) return "E01";
            if (verb[0] is 'C' or 'S' && (verb.Length != 3 || !RspCodec.TryParseHex(verb.AsSpan(1), out _))) return "E01";
            if (thread > 0 && !_target.ThreadIds.Contains(thread)) continue;
            return Resume(step ? ResumeMode.Step : ResumeMode.Continue, thread);
        }
        return "E01";
    }

    private string Resume(ResumeMode mode, int thread)
    {
        _interrupt = false;
        var stop = _target.Resume(mode, thread, () => _interrupt);
        _interrupt = false;
        // gdb takes the thread of a stop reply as the stub's current thread from then on (it sends
        // 'g' without Hg when that thread is the one it wants), as QEMU's stub does.
        if (stop.ThreadId > 0 && _target.ThreadIds.Contains(stop.ThreadId)) _gThread = stop.ThreadId;
        return StopReply(stop);
    }

    internal static string StopReply(StopEvent s) => s.Kind switch
    {
        StopKind.Exited => $"W{s.ExitCode & 0xff:x2}",
        StopKind.Terminated => $"X{s.Signal & 0xff:x2}",
        StopKind.Breakpoint => $"T{s.Signal:x2}thread:{s.ThreadId:x};swbreak:;",
        StopKind.Watchpoint => $"T{s.Signal:x2}{WatchName(s.WatchKind)}:{s.Address:x};thread:{s.ThreadId:x};",
        StopKind.HistoryBegin => $"T{GdbSignal.Trap:x2}replaylog:begin;thread:{s.ThreadId:x};",
        _ => $"T{s.Signal:x2}thread:{s.ThreadId:x};",
    };

    private static string WatchName(WatchKind k) => k switch
    {
        WatchKind.Read => "rwatch",
        WatchKind.Access => "awatch",
        _ => "watch",
    };
}
