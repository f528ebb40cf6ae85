using PpcSim.Isa;

namespace PpcSim.Cli.Commands;

/// <summary>ppcsim asm FILE.s -o OUT: assembles to a flat little-endian binary (the litmus runner's assembler).</summary>
public sealed class AsmCommand : ICommand
{
    public string Name => "asm";
    public string Synopsis => "asm FILE.s -o OUT [--base ADDR]     assemble to a flat little-endian binary";

    public int Run(IReadOnlyList<string> args)
    {
        string? input = null, output = null;
        ulong origin = 0;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-o":
                    if (++i >= args.Count) throw new UsageException("-o needs a file name");
                    output = args[i];
                    break;
                case "--base":
                    if (++i >= args.Count || !DisasmCommand.TryParseHex(args[i], out origin)) throw new UsageException("--base needs a hex address");
                    break;
                default:
                    if (input != null) throw new UsageException($"unexpected argument '{args[i]}'");
                    input = args[i];
                    break;
            }
        }
        if (input == null || output == null) throw new UsageException("usage: ppcsim asm FILE.s -o OUT");
        if (!File.Exists(input)) throw new UsageException($"{input}: no such file");
        byte[] image;
        try
        {
            image = SourceAssembler.Assemble(File.ReadAllText(input), origin);
        }
        catch (AsmException e)
        {
            throw new UsageException($"{input}: {e.Message}");
        }
        // Write to a temporary file first so a failure never leaves a half-written output.
        string tmp = output + ".tmp";
        File.WriteAllBytes(tmp, image);
        File.Move(tmp, output, overwrite: true);
        return 0;
    }
}
