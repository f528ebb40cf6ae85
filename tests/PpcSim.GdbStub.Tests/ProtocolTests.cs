using System.Net.Sockets;
using System.Text;

namespace PpcSim.GdbStub.Tests;

/// <summary>The stub spoken to directly over a socket: bad input gets error replies, never a crash.</summary>
public class ProtocolTests
{
    private sealed class RawClient : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly NetworkStream _s;

        public RawClient(int port)
        {
            _tcp = new TcpClient();
            _tcp.Connect("127.0.0.1", port);
            _s = _tcp.GetStream();
            _s.ReadTimeout = 10_000;
        }

        public void SendRaw(string text) => SendRaw(Encoding.Latin1.GetBytes(text));

        public void SendRaw(byte[] bytes)
        {
            _s.Write(bytes);
            _s.Flush();
        }

        /// <summary>Sends a packet, expects '+', returns the reply payload (and acks it).</summary>
        public string Ask(string payload)
        {
            SendRaw(RspCodec.Frame(payload));
            Assert.Equal('+', (char)_s.ReadByte());
            return ReadPacket();
        }

        public string ReadPacket()
        {
            int b;
            while ((b = _s.ReadByte()) != '$') Assert.True(b >= 0, "connection closed");
            var body = new List<byte>();
            while ((b = _s.ReadByte()) != '#') body.Add((byte)b);
            int c1 = _s.ReadByte(), c2 = _s.ReadByte();
            Assert.Equal(RspCodec.Checksum([.. body]).ToString("x2"), $"{(char)c1}{(char)c2}");
            SendRaw("+");
            return Encoding.Latin1.GetString([.. body]);
        }

        public int ReadByte() => _s.ReadByte();

        public void Dispose() => _tcp.Dispose();
    }

    [Fact]
    public void BadPacketsGetErrorRepliesAndTheSessionGoesOn()
    {
        using var h = new GdbHarness(Debuggee.Asm);
        using (var c = new RawClient(h.Port))
        {
            Assert.Contains("ReverseContinue+", c.Ask("qSupported:multiprocess+;swbreak+"));
            Assert.Equal("T05thread:1;", c.Ask("?"));
            Assert.Equal("E01", c.Ask("mzz,4"));
            Assert.Equal("E14", c.Ask("mffffffffffff0000,4"));
            Assert.Equal("E45", c.Ask("p999"));
            Assert.Equal("E45", c.Ask("p40zz"));
            Assert.Equal("E45", c.Ask("P1=zz"));
            Assert.Equal("E01", c.Ask("G0"));
            Assert.Equal("E01", c.Ask("Z0,xyz,4"));
            Assert.Equal("", c.Ask("Z9,1000,4"));
            Assert.Equal("E01", c.Ask("vCont;q"));
            Assert.Equal("E01", c.Ask("Hgzz"));
            Assert.Equal("E22", c.Ask("Hg7"));
            Assert.Equal("E01", c.Ask("M1000,2:abc"));
            Assert.Equal("E01", c.Ask("X1000,2:a"));
            Assert.Equal("", c.Ask("qNoSuchThing"));
            Assert.Equal("", c.Ask("vNoSuchThing"));
            Assert.Equal("E00", c.Ask("qXfer:features:read:other.xml:0,100"));
            // A corrupted packet is NAKed.
            c.SendRaw("$g#00");
            Assert.Equal('-', (char)c.ReadByte());
            // Still alive: registers, the target description, a step.
            Assert.Equal(PowerRegisters.TotalSize * 2, c.Ask("g").Length);
            string xml = c.Ask("qXfer:features:read:target.xml:0,7fff");
            Assert.StartsWith("l<?xml", xml);
            Assert.Equal("T05thread:1;", c.Ask("vCont;s:1"));
            Assert.Equal(16, c.Ask("p40").Length);
            c.SendRaw(RspCodec.Frame("k"));
            Assert.Equal('+', (char)c.ReadByte());
        }
        Assert.Equal(137, h.WaitForExit());
        Assert.Contains("killed by gdb", h.Stderr);
        Assert.DoesNotContain("Unhandled", h.Stderr);
    }

    [Fact]
    public void MalformedStreamEndsTheSessionCleanly()
    {
        using var h = new GdbHarness(Debuggee.Asm);
        using (var c = new RawClient(h.Port))
        {
            c.SendRaw("$" + new string('a', RspFramer.MaxPacket + 100));
            Assert.Equal(-1, c.ReadByte());
        }
        Assert.Equal(137, h.WaitForExit());
        Assert.Contains("gdb disconnected", h.Stderr);
        Assert.DoesNotContain("Unhandled", h.Stderr);
    }

    [Fact]
    public void AbruptDisconnectEndsTheSessionCleanly()
    {
        using var h = new GdbHarness(Debuggee.Asm);
        using (var c = new RawClient(h.Port))
        {
            c.SendRaw("+$qSupported#37$qC#b4"); // no waiting for the replies
        }
        Assert.Equal(137, h.WaitForExit());
        Assert.DoesNotContain("Unhandled", h.Stderr);
    }

    [Fact]
    public void DetachLetsTheProgramRunToItsEnd()
    {
        using var h = new GdbHarness(Debuggee.Asm);
        using (var c = new RawClient(h.Port))
        {
            Assert.Equal("T05thread:1;", c.Ask("vCont;s:1"));
            Assert.Equal("T05thread:1;", c.Ask("bs"));
            Assert.Equal("OK", c.Ask("D"));
        }
        Assert.Equal(7, h.WaitForExit());
        Assert.Equal("done\n", h.Stdout.Replace("\r", ""));
    }

    [Fact]
    public void InterruptStopsARunningTarget()
    {
        using var h = new GdbHarness(Debuggee.Spin);
        using (var c = new RawClient(h.Port))
        {
            c.SendRaw(RspCodec.Frame("vCont;c"));
            Assert.Equal('+', (char)c.ReadByte());
            Thread.Sleep(200);
            c.SendRaw([0x03]);
            Assert.Equal("T02thread:1;", c.ReadPacket());
            Assert.Equal("T05thread:1;", c.Ask("bs"));
            c.SendRaw(RspCodec.Frame("k"));
            Assert.Equal('+', (char)c.ReadByte());
        }
        Assert.Equal(137, h.WaitForExit());
    }

    [Fact]
    public void FaultIsReportedBeforeDeliveryAndCanBeSteppedBack()
    {
        using var h = new GdbHarness(Debuggee.Segv);
        using (var c = new RawClient(h.Port))
        {
            Assert.Equal("T0bthread:1;", c.Ask("vCont;c"));
            // The load has not retired: pc is still on it (the third instruction).
            string pc = c.Ask("p40");
            Assert.Equal("T05thread:1;", c.Ask("bs"));
            Assert.NotEqual(pc, c.Ask("p40"));
            Assert.Equal("T0bthread:1;", c.Ask("vCont;c"));
            Assert.Equal(pc, c.Ask("p40"));
            Assert.Equal("X0b", c.Ask("vCont;c"));
        }
        Assert.Equal(128 + 11, h.WaitForExit());
        Assert.Contains("SIGSEGV", h.Stderr);
    }

    [Fact]
    public void BadGdbPortIsAUsageError()
    {
        var r = PpcSim.TestSupport.Tools.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "ppcsim.dll"), "run", "--gdb", "notaport", Debuggee.Asm]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--gdb expects a TCP port number", r.Stderr);
    }
}
