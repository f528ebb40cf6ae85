using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using PpcSim.Core;
using PpcSim.TestSupport;

namespace PpcSim.Core.Tests;

/// <summary>
/// Runs a batch of <see cref="FpCase"/>s under qemu-ppc64le: one static program (straight-line
/// assembly, inputs in a data table) loads each case's operands with lxvd2x/ld, sets the FPSCR
/// with mtfsf L=1 and CR to 0, executes the word, and stores T (stxvd2x), mffs, mfcr and r5;
/// the output buffer goes to stdout with one write system call.
/// </summary>
public static class QemuFpRunner
{
    public const int InBytes = 96;   // A, B, C, T (16 each), FPSCR, r6, r7, pad
    public const int OutBytes = 48;  // T (16), FPSCR, CR, r5, pad

    public static FpResult[] Run(IReadOnlyList<FpCase> cases)
    {
        Tools.Require(Tools.Gcc);
        Tools.Require(Tools.Qemu);
        string dir = Tools.TempDir("fpdiff");
        try
        {
            string src = Path.Combine(dir, "t.s"), exe = Path.Combine(dir, "t");
            File.WriteAllText(src, BuildAssembly(cases));
            var cc = Tools.Run(Tools.Gcc, ["-nostdlib", "-static", "-o", exe, src], timeoutMs: 300_000);
            if (cc.ExitCode != 0) throw new InvalidOperationException("gcc failed: " + cc.Stderr[..Math.Min(4000, cc.Stderr.Length)]);
            byte[] output = RunBinary(Tools.Qemu, exe);
            if (output.Length != cases.Count * OutBytes) throw new InvalidOperationException($"qemu wrote {output.Length} bytes, expected {cases.Count * OutBytes}");
            var results = new FpResult[cases.Count];
            for (int i = 0; i < cases.Count; i++)
            {
                var o = output.AsSpan(i * OutBytes);
                var t = new Vec128(BinaryPrimitives.ReadUInt64LittleEndian(o), BinaryPrimitives.ReadUInt64LittleEndian(o[8..]));
                results[i] = new FpResult(t, BinaryPrimitives.ReadUInt64LittleEndian(o[16..]), (uint)BinaryPrimitives.ReadUInt64LittleEndian(o[24..]), BinaryPrimitives.ReadUInt64LittleEndian(o[32..]));
            }
            return results;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static byte[] RunBinary(string file, string arg)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(arg);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        var ms = new MemoryStream();
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.BaseStream.CopyTo(ms);
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("qemu timed out"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"qemu exit {p.ExitCode}: {err.Result}");
        return ms.ToArray();
    }

    private static string BuildAssembly(IReadOnlyList<FpCase> cases)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine("    .machine power9");
        sb.AppendLine("    .abiversion 2");
        sb.AppendLine("    .text");
        sb.AppendLine("    .globl _start");
        sb.AppendLine("_start:");
        sb.AppendLine("    lis 30,inputs@h");
        sb.AppendLine("    ori 30,30,inputs@l");
        sb.AppendLine("    lis 31,outputs@h");
        sb.AppendLine("    ori 31,31,outputs@l");
        sb.AppendLine("    li 8,0");
        sb.AppendLine("    li 9,16");
        sb.AppendLine("    li 10,32");
        sb.AppendLine("    li 11,48");
        foreach (var c in cases)
        {
            int r = c.RegBase;
            sb.Append(inv, $"    lxvd2x {r},30,8\n    lxvd2x {r + 1},30,9\n    lxvd2x {r + 2},30,10\n    lxvd2x {r + 3},30,11\n");
            sb.Append("    lfd 0,64(30)\n    mtfsf 0,0,1,0\n    li 0,0\n    mtcr 0\n    ld 6,72(30)\n    ld 7,80(30)\n    li 5,0\n");
            sb.Append(inv, $"    .long 0x{c.Word:x8}\n");
            sb.Append(inv, $"    mffs 0\n    stxvd2x {r + 3},31,8\n    stfd 0,16(31)\n    mfcr 0\n    std 0,24(31)\n    std 5,32(31)\n");
            sb.Append(inv, $"    addi 30,30,{InBytes}\n    addi 31,31,{OutBytes}\n");
        }
        sb.AppendLine("    li 0,4");
        sb.AppendLine("    li 3,1");
        sb.AppendLine("    lis 4,outputs@h");
        sb.AppendLine("    ori 4,4,outputs@l");
        sb.AppendLine(inv, $"    lis 5,{(cases.Count * OutBytes) >> 16}");
        sb.AppendLine(inv, $"    ori 5,5,{(cases.Count * OutBytes) & 0xffff}");
        sb.AppendLine("    sc");
        sb.AppendLine("    li 0,234");
        sb.AppendLine("    li 3,0");
        sb.AppendLine("    sc");
        sb.AppendLine("    .data");
        sb.AppendLine("    .balign 16");
        sb.AppendLine("inputs:");
        foreach (var c in cases)
        {
            sb.Append(inv, $"    .quad 0x{c.A.Dw0:x},0x{c.A.Dw1:x},0x{c.B.Dw0:x},0x{c.B.Dw1:x},0x{c.C.Dw0:x},0x{c.C.Dw1:x},0x{c.T.Dw0:x},0x{c.T.Dw1:x}\n");
            sb.Append(inv, $"    .quad 0x{c.Fpscr:x},0x{c.R6:x},0x{c.R7:x},0\n");
        }
        sb.AppendLine("    .bss");
        sb.AppendLine("    .balign 16");
        sb.AppendLine("outputs:");
        sb.AppendLine(inv, $"    .space {cases.Count * OutBytes}");
        return sb.ToString();
    }
}
