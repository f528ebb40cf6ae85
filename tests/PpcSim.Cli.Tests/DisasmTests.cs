using System.Text.RegularExpressions;
using PpcSim.TestSupport;

namespace PpcSim.Cli.Tests;

public partial class DisasmTests
{
    [GeneratedRegex(@"^\s*([0-9a-f]+):\t(?:[0-9a-f]{2} ){4}\t(.*)$")]
    private static partial Regex ObjdumpLine();

    [GeneratedRegex(@"^([0-9a-f]+):\t([0-9a-f]{8})\t(.*)$")]
    private static partial Regex PpcsimLine();

    /// <summary>Every instruction of a real static glibc program, text as objdump -d -M power9 prints it (symbols included).</summary>
    [Fact]
    public void ElfDisassemblyMatchesObjdump()
    {
        Tools.Require(Tools.Objdump);
        string elf = Path.Combine(Tools.RepoRoot, "workloads", "bin", "pagewriter");
        var reference = Tools.Run(Tools.Objdump, ["-d", "-M", "power9", elf], timeoutMs: 300_000);
        Assert.Equal(0, reference.ExitCode);
        var expected = new Dictionary<ulong, string>();
        foreach (var line in reference.Stdout.Split('\n'))
        {
            var m = ObjdumpLine().Match(line);
            if (m.Success) expected[Convert.ToUInt64(m.Groups[1].Value, 16)] = m.Groups[2].Value.TrimEnd();
        }
        var ours = CliRunner.Run("disasm", elf);
        Assert.Equal(0, ours.ExitCode);
        var failures = new List<string>();
        int compared = 0;
        foreach (var line in ours.Stdout.Split('\n'))
        {
            var m = PpcsimLine().Match(line);
            if (!m.Success) continue;
            ulong addr = Convert.ToUInt64(m.Groups[1].Value, 16);
            if (!expected.TryGetValue(addr, out var text)) continue;
            compared++;
            if (text != m.Groups[3].Value) failures.Add($"{addr:x} {m.Groups[2].Value}: ppcsim '{m.Groups[3].Value}' objdump '{text}'");
        }
        Assert.True(compared > 100_000, $"only {compared} instructions compared");
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} differ:\n" + string.Join("\n", failures.Take(50)));
    }

    [Fact]
    public void HexWordsPrintAddressWordAndText()
    {
        var r = CliRunner.Run("disasm", "--hex", "7c832378", "60000000", "4e800020");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("0:\t7c832378\tmr      r3,r4\n4:\t60000000\tnop\n8:\t4e800020\tblr\n", r.Stdout);
    }

    [Theory]
    [InlineData("disasm", "/nonexistent/file")]
    [InlineData("disasm", "--hex", "xyz")]
    [InlineData("disasm", "--hex", "123456789")]
    [InlineData("disasm")]
    [InlineData("asm", "/nonexistent.s", "-o", "/tmp/x.bin")]
    [InlineData("nosuchcommand")]
    public void BadInputIsOneLineAndExitCode2(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void NotAnElfIsRejected()
    {
        var dir = Tools.TempDir("cli");
        var f = Path.Combine(dir, "notelf");
        File.WriteAllText(f, "#!/bin/sh\necho hi\n");
        var r = CliRunner.Run("disasm", f);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not an ELF", r.Stderr);
    }

    [Fact]
    public void AsmRoundTripsThroughDisasm()
    {
        var dir = Tools.TempDir("cli");
        var src = Path.Combine(dir, "t.s");
        var bin = Path.Combine(dir, "t.bin");
        File.WriteAllText(src, "start:\n  li r3,5\n  addi r4,r3,-1   # comment\nloop: add r5,r4,r3\n  b loop\n  blr\n");
        var r = CliRunner.Run("asm", src, "-o", bin);
        Assert.Equal(0, r.ExitCode);
        var bytes = File.ReadAllBytes(bin);
        var words = Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToUInt32(bytes, i * 4).ToString("x8")).ToArray();
        var d = CliRunner.Run(["disasm", "--hex", .. words]);
        Assert.Equal("0:\t38600005\tli      r3,5\n4:\t3883ffff\taddi    r4,r3,-1\n8:\t7ca41a14\tadd     r5,r4,r3\nc:\t4bfffffc\tb       0x8\n10:\t4e800020\tblr\n", d.Stdout);
    }

    [Fact]
    public void AsmErrorNamesTheLineAndKeepsExistingOutput()
    {
        var dir = Tools.TempDir("cli");
        var src = Path.Combine(dir, "bad.s");
        var bin = Path.Combine(dir, "out.bin");
        File.WriteAllBytes(bin, [1, 2, 3, 4]);
        File.WriteAllText(src, "li r3,1\nfrobnicate r1\n");
        var r = CliRunner.Run("asm", src, "-o", bin);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("line 2", r.Stderr);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, File.ReadAllBytes(bin));
    }
}
