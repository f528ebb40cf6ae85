using System.Globalization;
using System.Text;
using PpcSim.Linux;
using PpcSim.TestSupport;

namespace PpcSim.Core.Tests;

/// <summary>
/// Builds one static ppc64le program that runs many single-instruction cases and writes every
/// case's results to stdout, then runs it under qemu-ppc64le and under PpcSim.
/// Per case, the input table holds (offsets in bytes): 0 A, 16 B, 32 C, 48 T (loaded into v10-v13
/// with lvx), 64 VSCR (word 3, set with mtvscr), 80 r5, 88 r6, 96 a 48-byte memory area.
/// Before the instruction r7 = address of that memory area, r8 = 0 and CR6 = 0b0010 (cmpwi).
/// Per case the output holds: 0 v13, 16 VSCR (mfvscr), 32 CR6 as a word, 40 r8, 48 the memory area.
/// Only instructions PpcSim already runs are used around the one under test.
/// </summary>
public sealed class VectorCaseProgram
{
    public const int InSize = 144;
    public const int OutSize = 96;

    private readonly List<(string Text, byte[] Input)> _cases = [];

    public int Count => _cases.Count;

    public void Add(string text, byte[] input)
    {
        if (input.Length != InSize) throw new ArgumentException("input must be " + InSize + " bytes");
        _cases.Add((text, input));
    }

    public (string Text, byte[] Input) this[int i] => _cases[i];

    public string Assembly()
    {
        var sb = new StringBuilder();
        sb.Append("\t.machine power9\n\t.abiversion 2\n\t.section .text\n\t.globl _start\n_start:\n");
        sb.Append("\tlis 30,inputs@ha\n\taddi 30,30,inputs@l\n");
        sb.Append("\tlis 31,outputs@ha\n\taddi 31,31,outputs@l\n");
        sb.Append("\tli 9,16\n\tli 11,32\n\tli 12,48\n\tli 14,64\n\tli 15,80\n\tli 16,96\n\tli 17,112\n\tli 18,128\n");
        foreach (var (text, _) in _cases)
        {
            sb.Append("\tlvx 10,0,30\n\tlvx 11,9,30\n\tlvx 12,11,30\n\tlvx 13,12,30\n\tlvx 14,14,30\n\tmtvscr 14\n");
            sb.Append("\tld 5,80(30)\n\tld 6,88(30)\n\taddi 7,30,96\n\tli 8,0\n\tcmpwi 6,8,0\n");
            foreach (var line in text.Split(';')) sb.Append('\t').Append(line.Trim()).Append('\n');
            sb.Append("\tstvx 13,0,31\n\tmfvscr 14\n\tstvx 14,9,31\n\tstd 8,40(31)\n");
            // CR6 into r8 bit by bit with conditional branches (no mfcr needed).
            sb.Append("\tli 8,0\n");
            for (int bit = 0; bit < 4; bit++)
                sb.Append(CultureInfo.InvariantCulture, $"\tbc 4,{24 + bit},1f\n\tori 8,8,{8 >> bit}\n1:\n");
            sb.Append("\tstw 8,32(31)\n");
            sb.Append("\tlvx 14,16,30\n\tstvx 14,12,31\n\tlvx 14,17,30\n\tstvx 14,14,31\n\tlvx 14,18,30\n\tstvx 14,15,31\n");
            sb.Append(CultureInfo.InvariantCulture, $"\taddi 30,30,{InSize}\n\taddi 31,31,{OutSize}\n");
        }
        sb.Append("\tli 0,4\n\tli 3,1\n\tlis 4,outputs@ha\n\taddi 4,4,outputs@l\n");
        sb.Append(CultureInfo.InvariantCulture, $"\tlis 5,{(_cases.Count * OutSize) >> 16}\n\tori 5,5,{(_cases.Count * OutSize) & 0xffff}\n\tsc\n");
        sb.Append("\tli 0,234\n\tli 3,0\n\tsc\n");
        sb.Append("\t.section .data\n\t.balign 16\ninputs:\n");
        foreach (var (_, input) in _cases)
            sb.Append("\t.byte ").Append(string.Join(",", input.Select(b => b.ToString(CultureInfo.InvariantCulture)))).Append('\n');
        sb.Append("\t.section .bss\n\t.balign 16\noutputs:\n");
        sb.Append(CultureInfo.InvariantCulture, $"\t.space {_cases.Count * OutSize}\n");
        return sb.ToString();
    }

    /// <summary>Compiles, runs under qemu and PpcSim; returns both outputs and PpcSim's diagnostics.</summary>
    public (byte[] Qemu, byte[] Sim, string SimError) Run(string dir, string name)
    {
        Tools.Require(Tools.Gcc);
        Tools.Require(Tools.Qemu);
        string src = Path.Combine(dir, name + ".S"), exe = Path.Combine(dir, name);
        File.WriteAllText(src, Assembly());
        var cc = Tools.Run(Tools.Gcc, ["-nostdlib", "-static", "-mcpu=power9", "-o", exe, src]);
        if (cc.ExitCode != 0) throw new InvalidOperationException($"gcc failed for {name}:\n{cc.Stderr}");
        var q = RunQemu(exe);
        var simOut = new MemoryStream();
        var simErr = new MemoryStream();
        var p = new LinuxProcess(ElfImage.Load(exe), [exe], [], simOut, simErr);
        int rc = p.Run();
        string err = Encoding.UTF8.GetString(simErr.ToArray());
        if (rc != 0) err += $" (exit {rc}, pc 0x{p.Cpu.PendingPc:x})";
        return (q, simOut.ToArray(), err);
    }

    private static byte[] RunQemu(string exe)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(Tools.Qemu)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-cpu");
        psi.ArgumentList.Add("power9");
        psi.ArgumentList.Add(exe);
        using var proc = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("cannot start qemu");
        var ms = new MemoryStream();
        var copy = proc.StandardOutput.BaseStream.CopyToAsync(ms);
        string stderr = proc.StandardError.ReadToEnd();
        if (!proc.WaitForExit(120_000)) { proc.Kill(true); throw new TimeoutException("qemu timed out"); }
        copy.Wait();
        if (proc.ExitCode != 0) throw new InvalidOperationException($"qemu exit {proc.ExitCode}: {stderr}");
        return ms.ToArray();
    }
}
