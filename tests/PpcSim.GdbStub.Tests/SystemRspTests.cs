using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace PpcSim.GdbStub.Tests;

/// <summary>gdb's packets against the full-system target on the repro run, without a gdb binary.</summary>
public partial class SystemRspTests
{
    private static string Ask(GdbSession s, string packet) => s.Handle(new RspItem(RspItemKind.Packet, Encoding.Latin1.GetBytes(packet))) ?? "";

    private static int StopThread(string reply)
    {
        var m = ThreadField().Match(reply);
        Assert.True(m.Success, $"stop reply without thread: {reply}");
        return Convert.ToInt32(m.Groups[1].Value, 16);
    }

    [GeneratedRegex("thread:([0-9a-f]+);")]
    private static partial Regex ThreadField();

    private static ulong Pc(GdbSession s) => BinaryPrimitives.ReadUInt64LittleEndian(RspCodec.FromHex(Ask(s, "p40")));

    [Fact]
    public void BreakOnSaveFpuStepAndStepBack()
    {
        ulong saveFpu = SystemRepro.Symbol("save_fpu");
        var console = new MemoryStream();
        var target = new SystemDebugTarget(SystemRepro.Boot, SystemRepro.MaxCycles, console);
        var s = new GdbSession(target, Stream.Null);

        Assert.Contains("ReverseStep+", Ask(s, "qSupported:multiprocess+;swbreak+"));
        Assert.Equal("m1,2", Ask(s, "qfThreadInfo"));
        Assert.Contains("srr0", Encoding.UTF8.GetString(RspCodec.UnescapeBinary(Encoding.Latin1.GetBytes(Ask(s, "qXfer:features:read:target.xml:0,fffff")[1..]))!));
        Assert.Equal("OK", Ask(s, $"Z0,{saveFpu:x},4"));

        string stop = Ask(s, "vCont;c");
        Assert.StartsWith("T05", stop);
        Assert.Contains("swbreak", stop);
        int t = StopThread(stop);
        Assert.Equal("OK", Ask(s, $"Hg{t:x}"));
        Assert.Equal(saveFpu, Pc(s));
        Assert.Contains("cpu", Encoding.ASCII.GetString(RspCodec.FromHex(Ask(s, $"qThreadExtraInfo,{t:x}"))!));
        // Memory through the thread's translation: the kernel's text at save_fpu is kernel.bin's bytes
        // (linked at 0xc000000000000000, loaded at real address 0).
        var text = RspCodec.FromHex(Ask(s, $"m{saveFpu:x},10"))!;
        var image = File.ReadAllBytes(SystemRepro.KernelBin);
        Assert.Equal(image.AsSpan((int)(saveFpu & 0xfffffff), 16).ToArray(), text);
        string atBreak = Ask(s, "g");
        ulong posAtBreak = target.Position;

        // stepi on that thread, then reverse-stepi back to the same registers.
        string step = Ask(s, $"vCont;s:{t:x}");
        Assert.Equal(t, StopThread(step));
        Assert.NotEqual(saveFpu, Pc(s));
        Assert.NotEqual(atBreak, Ask(s, "g"));
        Assert.Equal("OK", Ask(s, $"Hc{t:x}"));
        Assert.Equal(t, StopThread(Ask(s, "bs")));
        Assert.Equal(saveFpu, Pc(s));
        Assert.Equal(atBreak, Ask(s, "g"));

        // On to the next hit (stepping off the breakpoint first, as gdb does), and reverse-continue back to this one.
        Assert.Equal(t, StopThread(Ask(s, $"vCont;s:{t:x}")));
        string next = Ask(s, "vCont;c");
        Assert.Contains("swbreak", next);
        Assert.True(target.Position > posAtBreak);
        int t2 = StopThread(next);
        Assert.Equal("OK", Ask(s, $"Hg{t2:x}"));
        Assert.Equal(saveFpu, Pc(s));
        string back = Ask(s, "bc");
        Assert.Contains("swbreak", back);
        Assert.Equal(t, StopThread(back));
        Assert.Equal(posAtBreak, target.Position);
        Assert.Equal("OK", Ask(s, $"Hg{t:x}"));
        Assert.Equal(atBreak, Ask(s, "g"));

        // Re-execution printed nothing twice: the console seen is one boot's console.
        string printed = Encoding.Latin1.GetString(console.ToArray());
        Assert.StartsWith(target.Machine.Console, printed);
        string firstLine = printed.Split('\n').Select(l => l.Trim()).First(l => l.Length >= 8);
        Assert.Single(Regex.Matches(printed, Regex.Escape(firstLine)));
    }
}
