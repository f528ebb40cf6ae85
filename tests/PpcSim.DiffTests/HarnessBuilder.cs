using System.Globalization;
using System.Text;
using PpcSim.TestSupport;

namespace PpcSim.DiffTests;

/// <summary>
/// Builds ONE static ELF for a batch of sequences (amortising qemu start-up). Each sequence is
/// placed at its own fixed code address; its prologue loads the whole input record (VSCR, FPSCR,
/// scratch window, 64 VSRs, CR, XER, CTR, LR, GPRs; r31 = scratch boundary), the sequence runs
/// as raw words, and the epilogue stores the whole state into the output record and writes it
/// to stdout with write(2) - one record per sequence, so a crash still leaves the earlier ones.
/// </summary>
public static class HarnessBuilder
{
    public sealed record Block(ulong CodeAddress, ArchState Initial, IReadOnlyList<uint> Words);

    private const string LinkerScript = """
        ENTRY(_start)
        PHDRS { text PT_LOAD FLAGS(5); data PT_LOAD FLAGS(6); bss PT_LOAD FLAGS(6); }
        SECTIONS
        {
          . = 0x10000000;
          .text : { *(.text) } :text
          . = 0x18000000;
          .data : { *(.data) } :data
          . = 0x1ffff000;
          .bss (NOLOAD) : { *(.bss) } :bss
          /DISCARD/ : { *(.note*) *(.comment) *(.eh_frame) }
        }
        """;

    /// <summary>Writes the sources into <paramref name="dir"/>, assembles and links; returns the ELF path.</summary>
    public static string Build(IReadOnlyList<Block> blocks, string dir)
    {
        Tools.Require(Tools.Gcc);
        for (int i = 1; i < blocks.Count; i++)
        {
            ulong prevEnd = blocks[i - 1].CodeAddress + (ulong)(blocks[i - 1].Words.Count + Layout.EpilogueWords) * 4;
            if (blocks[i].CodeAddress - (ulong)Layout.PrologueWords * 4 < prevEnd || blocks[i].CodeAddress < blocks[i - 1].CodeAddress)
                throw new ArgumentException("blocks overlap or are out of address order");
        }
        var records = new byte[blocks.Count * Layout.RecordSize];
        for (int i = 0; i < blocks.Count; i++) blocks[i].Initial.WriteRecord(records.AsSpan(i * Layout.RecordSize), i);
        File.WriteAllBytes(Path.Combine(dir, "records.bin"), records);
        File.WriteAllText(Path.Combine(dir, "link.ld"), LinkerScript);
        File.WriteAllText(Path.Combine(dir, "harness.s"), Source(blocks));
        string elf = Path.Combine(dir, "harness.elf");
        var r = Tools.Run(Tools.Gcc, ["-mcpu=power9", "-nostdlib", "-nostartfiles", "-static", "-no-pie", "-Wl,-T,link.ld",
            "-Wl,--build-id=none", "-Wl,-z,noexecstack", "-Wl,--no-warn-rwx-segments", "-o", "harness.elf", "harness.s"], workDir: dir);
        if (r.ExitCode != 0) throw new InvalidOperationException("harness build failed: " + r.Stderr);
        return elf;
    }

    private static string Source(IReadOnlyList<Block> blocks)
    {
        var s = new StringBuilder();
        void L(string line) => s.Append("    ").Append(line).Append('\n');
        s.Append("    .machine power9\n    .abiversion 2\n    .text\n    .globl _start\n_start:\n");
        L(blocks.Count > 0 ? "b pro0" : "b done");

        // load_state: r30 = input record. Loads everything but r30, r31 and LR (the prologue does those).
        s.Append("load_state:\n");
        // Clear any reservation a previous sequence left (stdcx. always clears it, ISA Book II
        // 1.7.3), so every sequence starts without one, as the bare-core runs do. CR0 is loaded later.
        L($"addi 29, 30, {Layout.OffCtr + 8}");
        L("stdcx. 29, 0, 29");
        L($"addi 29, 30, {Layout.OffVscr}");
        L("lxvd2x 32, 0, 29");
        L("mtvscr 0");
        L($"lfd 0, {Layout.OffFpscr}(30)");
        L("mtfsf 0xff, 0, 1, 0");     // L=1: every FPSCR field from f0 (FEX and VX are recomputed)
        L("lis 29, 0x2000");
        for (int k = 0; k < Layout.ScratchSize / 8; k++)
        {
            L($"ld 28, {Layout.OffScratch + 8 * k}(30)");
            L($"std 28, {8 * k - Layout.ScratchSize / 2}(29)");
        }
        for (int i = 0; i < 64; i++)
        {
            L($"li 29, {Layout.OffVsr + 16 * i}");
            L($"lxvd2x {i}, 30, 29");
        }
        L($"ld 29, {Layout.OffCr}(30)");
        L("mtcrf 0xff, 29");
        L($"ld 29, {Layout.OffXer}(30)");
        L("mtxer 29");
        L($"ld 29, {Layout.OffCtr}(30)");
        L("mtctr 29");
        for (int i = 0; i < 30; i++) L($"ld {i}, {Layout.OffGpr + 8 * i}(30)");
        L("blr");

        // store_state: r30 = output record, r31 = scratch boundary; r0, r30 and LR already saved.
        s.Append("store_state:\n");
        for (int i = 1; i < 30; i++) L($"std {i}, {Layout.OffGpr + 8 * i}(30)");
        L($"std 31, {Layout.OffGpr + 8 * 31}(30)");
        L("mfcr 0");
        L($"std 0, {Layout.OffCr}(30)");
        L("mfxer 0");
        L($"std 0, {Layout.OffXer}(30)");
        L("mfctr 0");
        L($"std 0, {Layout.OffCtr}(30)");
        for (int i = 0; i < 64; i++)
        {
            L($"li 0, {Layout.OffVsr + 16 * i}");
            L($"stxvd2x {i}, 30, 0");
        }
        L("mffs 0");
        L($"stfd 0, {Layout.OffFpscr}(30)");
        L("mfvscr 0");
        L($"li 0, {Layout.OffVscr}");
        L("stxvd2x 32, 30, 0");
        for (int k = 0; k < Layout.ScratchSize / 8; k++)
        {
            L($"ld 0, {8 * k - Layout.ScratchSize / 2}(31)");
            L($"std 0, {Layout.OffScratch + 8 * k}(30)");
        }
        L($"lis 0, 0x{Layout.Magic >> 48:x4}");
        L($"ori 0, 0, 0x{(Layout.Magic >> 32) & 0xffff:x4}");
        L("rldicr 0, 0, 32, 31");
        L($"oris 0, 0, 0x{(Layout.Magic >> 16) & 0xffff:x4}");
        L($"ori 0, 0, 0x{Layout.Magic & 0xffff:x4}");
        L($"std 0, {Layout.OffMagic}(30)");
        L("li 0, 4");                  // write(1, record, size)
        L("li 3, 1");
        L("mr 4, 30");
        L($"li 5, {Layout.RecordSize}");
        L("sc");
        L("blr");

        for (int i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            ulong pro = b.CodeAddress - Layout.PrologueWords * 4;
            s.Append(CultureInfo.InvariantCulture, $"    .org 0x{pro - Layout.TextBase:x}\npro{i}:\n");
            ulong rec = Layout.DataBase + (ulong)(i * Layout.RecordSize);
            // Prologue: exactly Layout.PrologueWords words.
            L($"lis 30, 0x{(rec + 0x8000) >> 16:x}");
            L($"addi 30, 30, {(short)(rec & 0xffff)}");
            L("bl load_state");
            L($"ld 31, {Layout.OffLr}(30)");
            L("mtlr 31");
            L($"ld 30, {Layout.OffGpr + 8 * 30}(30)");
            L($"lis 31, 0x{Layout.ScratchBoundary >> 16:x}");
            s.Append(CultureInfo.InvariantCulture, $"seq{i}:\n");
            foreach (uint w in b.Words) L($".long 0x{w:x8}");
            // Epilogue: exactly Layout.EpilogueWords words.
            int outGpr = (int)Layout.OutRecordOffset + Layout.OffGpr;
            L($"std 30, {outGpr + 8 * 30}(31)");
            L($"std 0, {outGpr}(31)");
            L($"addi 30, 31, {Layout.OutRecordOffset}");
            L("mflr 0");
            L($"std 0, {Layout.OffLr}(30)");
            L($"li 0, {i}");
            L($"std 0, {Layout.OffIndex}(30)");
            L("bl store_state");
            L(i + 1 < blocks.Count ? $"b pro{i + 1}" : "b done");
        }
        s.Append("done:\n");
        L("li 0, 234");                // exit_group(0)
        L("li 3, 0");
        L("sc");
        s.Append("    .data\n    .balign 16\nrecords:\n    .incbin \"records.bin\"\n");
        s.Append(CultureInfo.InvariantCulture, $"    .bss\n    .space 0x{Layout.BssSize:x}\n");
        return s.ToString();
    }
}
