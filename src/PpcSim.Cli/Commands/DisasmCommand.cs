using System.Globalization;
using System.Text;
using PpcSim.Isa;
using PpcSim.Linux;

namespace PpcSim.Cli.Commands;

/// <summary>
/// ppcsim disasm ELF | --hex WORD...: one line per instruction, "ADDR:\tWORD\tTEXT", TEXT as
/// objdump -d -M power9 prints it (for an ELF, branch targets carry objdump's &lt;symbol+off&gt;).
/// </summary>
public sealed class DisasmCommand : ICommand
{
    public string Name => "disasm";
    public string Synopsis => "disasm ELF | --hex WORD... [--address A]   disassemble (text as objdump -M power9)";

    public int Run(IReadOnlyList<string> args)
    {
        if (args.Count == 0) throw new UsageException("expected an ELF file or --hex WORD...");
        var output = new StringBuilder();
        if (args[0] == "--hex")
        {
            ulong addr = 0;
            var words = new List<uint>();
            for (int i = 1; i < args.Count; i++)
            {
                if (args[i] == "--address")
                {
                    if (i + 1 >= args.Count || !TryParseHex(args[++i], out addr)) throw new UsageException("--address needs a hex address");
                    continue;
                }
                foreach (var tok in args[i].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!TryParseHex(tok, out ulong w) || w > uint.MaxValue) throw new UsageException($"'{tok}' is not a 32-bit hex word");
                    words.Add((uint)w);
                }
            }
            if (words.Count == 0) throw new UsageException("--hex needs at least one word");
            foreach (var w in words)
            {
                output.Append(CultureInfo.InvariantCulture, $"{addr:x}:\t{w:x8}\t{Disassembler.Disassemble(w, addr)}\n");
                addr += 4;
            }
        }
        else
        {
            if (args.Count > 1) throw new UsageException($"unexpected argument '{args[1]}'");
            var elf = ElfImage.Load(args[0]);
            foreach (var sec in elf.CodeSections)
            {
                for (int off = 0; off + 4 <= sec.Data.Length; off += 4)
                {
                    ulong addr = sec.Address + (ulong)off;
                    if (elf.SymbolAt(addr) is { } label) output.Append(CultureInfo.InvariantCulture, $"\n{addr:x16} <{label}>:\n");
                    uint w = BitConverter.ToUInt32(sec.Data, off);
                    output.Append(CultureInfo.InvariantCulture, $"{addr:x}:\t{w:x8}\t{Disassembler.Disassemble(w, addr, t => $"{t:x} <{elf.Describe(t)}>")}\n");
                }
            }
        }
        Console.Out.Write(output.ToString());
        return 0;
    }

    internal static bool TryParseHex(string s, out ulong v)
    {
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) s = s[2..];
        return ulong.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out v);
    }
}
