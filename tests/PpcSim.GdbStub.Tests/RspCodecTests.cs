using System.Buffers;
using System.Text;
using PpcSim.GdbStub;

namespace PpcSim.GdbStub.Tests;

public class RspCodecTests
{
    private static byte[] B(string s) => Encoding.Latin1.GetBytes(s);

    [Theory]
    [InlineData("", 0x00)]
    [InlineData("OK", 0x9a)]
    [InlineData("qSupported", 0x37)]
    [InlineData("g", 0x67)]
    public void ChecksumIsModulo256Sum(string data, int expected) => Assert.Equal((byte)expected, RspCodec.Checksum(B(data)));

    [Fact]
    public void FrameAddsDollarHashAndLowerCaseChecksum()
    {
        Assert.Equal("$OK#9a", Encoding.Latin1.GetString(RspCodec.Frame("OK")));
        Assert.Equal("$#00", Encoding.Latin1.GetString(RspCodec.Frame("")));
    }

    [Fact]
    public void EscapeRoundTripsEveryByte()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var escaped = RspCodec.EscapeBinary(all);
        Assert.DoesNotContain((byte)'#', escaped);
        Assert.DoesNotContain((byte)'$', escaped);
        Assert.DoesNotContain((byte)'*', escaped);
        Assert.Equal(all.Length + 4, escaped.Length);
        Assert.Equal(all, RspCodec.UnescapeBinary(escaped));
        Assert.Equal(B("}\u0003"), RspCodec.EscapeBinary(B("#")));
        Assert.Equal(B("}]"), RspCodec.EscapeBinary(B("}")));
    }

    [Fact]
    public void UnescapeRejectsTrailingEscape() => Assert.Null(RspCodec.UnescapeBinary(B("ab}")));

    [Theory]
    [InlineData("0* ", "0000")]          // ' ' = 32: three more
    [InlineData("a*!b", "aaaaab")]        // '!' = 33: four more
    [InlineData("xy*\"z", "xyyyyyyz")]    // '"' = 34: five more
    [InlineData("plain", "plain")]
    public void RunLengthExpands(string encoded, string expected) => Assert.Equal(B(expected), RspCodec.ExpandRunLength(B(encoded)));

    [Theory]
    [InlineData("*a")]    // nothing to repeat
    [InlineData("a*")]    // no count
    [InlineData("a*\u001f")] // count below 3
    [InlineData("a*#")]   // '#' (6) is not a legal count
    public void MalformedRunLengthIsRejected(string encoded) => Assert.Null(RspCodec.ExpandRunLength(B(encoded)));

    [Fact]
    public void HexHelpers()
    {
        Assert.Equal("00ff10", RspCodec.ToHex([0, 255, 16]));
        Assert.Equal(new byte[] { 0, 255, 16 }, RspCodec.FromHex("00FF10"));
        Assert.Null(RspCodec.FromHex("abc"));
        Assert.Null(RspCodec.FromHex("zz"));
        Assert.True(RspCodec.TryParseHex("10000b40", out ulong v));
        Assert.Equal(0x10000b40UL, v);
        Assert.False(RspCodec.TryParseHex("", out _));
        Assert.False(RspCodec.TryParseHex("12345678901234567", out _));
        Assert.False(RspCodec.TryParseHex("-1", out _));
    }

    private static List<RspItem> FrameAll(string stream, out string rest)
    {
        var seq = new ReadOnlySequence<byte>(B(stream));
        var items = new List<RspItem>();
        while (RspFramer.TryRead(ref seq, out var item)) items.Add(item);
        rest = Encoding.Latin1.GetString(seq.ToArray());
        return items;
    }

    [Fact]
    public void FramerSplitsAcksPacketsAndInterrupts()
    {
        var items = FrameAll("+$g#67noise-\u0003$m10,4#2e", out string rest);
        Assert.Equal([RspItemKind.Ack, RspItemKind.Packet, RspItemKind.Nak, RspItemKind.Interrupt, RspItemKind.Packet], items.Select(i => i.Kind));
        Assert.Equal("g", items[1].Text);
        Assert.Equal("m10,4", items[4].Text);
        Assert.Equal("", rest);
    }

    [Fact]
    public void FramerKeepsAnUnfinishedPacket()
    {
        var items = FrameAll("+$qSupported:multi", out string rest);
        Assert.Single(items);
        Assert.Equal("$qSupported:multi", rest);
        items = FrameAll("$OK#9", out rest);
        Assert.Empty(items);
        Assert.Equal("$OK#9", rest);
    }

    [Fact]
    public void FramerReportsBadChecksums()
    {
        var items = FrameAll("$g#00$g#zz", out _);
        Assert.All(items, i => Assert.Equal(RspItemKind.BadChecksum, i.Kind));
        Assert.Equal(2, items.Count);
    }

    [Fact]
    public void FramerExpandsRunLengthInsidePackets()
    {
        string body = "0* ";
        var items = FrameAll($"${body}#{RspCodec.Checksum(B(body)):x2}", out _);
        Assert.Equal("0000", Assert.Single(items).Text);
    }

    [Fact]
    public void FramerRejectsAnEndlessPacket()
    {
        var seq = new ReadOnlySequence<byte>(B("$" + new string('a', RspFramer.MaxPacket + 10)));
        Assert.Throws<InvalidDataException>(() => RspFramer.TryRead(ref seq, out _));
    }

    [Fact]
    public void StopRepliesFollowTheProtocol()
    {
        Assert.Equal("T05thread:1;swbreak:;", GdbSession.StopReply(new StopEvent(StopKind.Breakpoint, 1)));
        Assert.Equal("T05watch:100e21c8;thread:1;", GdbSession.StopReply(new StopEvent(StopKind.Watchpoint, 1, 5, 0x100e21c8)));
        Assert.Equal("T05awatch:10;thread:2;", GdbSession.StopReply(new StopEvent(StopKind.Watchpoint, 2, 5, 0x10, Core.WatchKind.Access)));
        Assert.Equal("T05replaylog:begin;thread:1;", GdbSession.StopReply(new StopEvent(StopKind.HistoryBegin, 1)));
        Assert.Equal("W23", GdbSession.StopReply(new StopEvent(StopKind.Exited, 1, ExitCode: 35)));
        Assert.Equal("X0b", GdbSession.StopReply(new StopEvent(StopKind.Terminated, 1, GdbSignal.Segv)));
        Assert.Equal("T02thread:1;", GdbSession.StopReply(new StopEvent(StopKind.Signal, 1, GdbSignal.Int)));
    }

    [Fact]
    public void TargetDescriptionHasGdbsPowerFeaturesAndNumbers()
    {
        string xml = PowerRegisters.TargetXml;
        foreach (var f in new[] { "org.gnu.gdb.power.core", "org.gnu.gdb.power.fpu", "org.gnu.gdb.power.altivec", "org.gnu.gdb.power.vsx" })
            Assert.Contains($"<feature name=\"{f}\">", xml);
        Assert.Contains("name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"64\"", xml);
        Assert.Contains("name=\"f0\" bitsize=\"64\" type=\"ieee_double\" regnum=\"32\"", xml);
        Assert.Contains("name=\"vr0\" bitsize=\"128\" type=\"vec128\" regnum=\"71\"", xml);
        Assert.Contains("name=\"vs31h\" bitsize=\"64\" type=\"uint64\" regnum=\"136\"", xml);
        Assert.Equal(32 * 8 + 32 * 8 + 8 + 8 + 4 + 8 + 8 + 4 + 8 + 32 * 16 + 4 + 4 + 32 * 8, PowerRegisters.TotalSize);
    }
}
