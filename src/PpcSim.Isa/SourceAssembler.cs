using System.Buffers.Binary;

namespace PpcSim.Isa;

/// <summary>
/// Assembles a source file: one instruction or directive a line, "label:" definitions,
/// '#' comments, directives .long/.word VALUE and .align N (power of two bytes). Two passes,
/// so labels can be used before they are defined. Errors name the line.
/// </summary>
public static class SourceAssembler
{
    public static byte[] Assemble(string source, ulong origin = 0) => Assemble(source, origin, out _);

    public static byte[] Assemble(string source, ulong origin, out IReadOnlyDictionary<string, ulong> labels)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var symbols = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var items = new List<(int Line, string Text, ulong Address)>();
        ulong pc = origin;
        for (int i = 0; i < lines.Length; i++)
        {
            string t = lines[i];
            int hash = t.IndexOf('#');
            if (hash >= 0) t = t[..hash];
            t = t.Trim();
            while (true)
            {
                int colon = t.IndexOf(':');
                if (colon <= 0 || !IsLabel(t[..colon])) break;
                string label = t[..colon];
                if (!symbols.TryAdd(label, pc)) throw new AsmException($"line {i + 1}: label '{label}' defined twice");
                t = t[(colon + 1)..].Trim();
            }
            if (t.Length == 0) continue;
            if (t.StartsWith(".align", StringComparison.Ordinal))
            {
                long n = AsmExpression.Evaluate(t[6..]);
                if (n <= 0 || (n & (n - 1)) != 0) throw new AsmException($"line {i + 1}: .align needs a power of two");
                while (pc % (ulong)n != 0)
                {
                    items.Add((i + 1, ".long 0x60000000", pc));
                    pc += 4;
                }
                continue;
            }
            items.Add((i + 1, t, pc));
            pc += 4;
        }
        var image = new byte[(int)(pc - origin)];
        long? Lookup(string name) => symbols.TryGetValue(name, out var v) ? (long)v : null;
        foreach (var (line, text, addr) in items)
        {
            uint word;
            try
            {
                if (text.StartsWith(".long", StringComparison.Ordinal) || text.StartsWith(".word", StringComparison.Ordinal))
                    word = (uint)AsmExpression.Evaluate(text[5..], Lookup);
                else
                    word = Assembler.Assemble(text, addr, Lookup);
            }
            catch (AsmException e)
            {
                throw new AsmException($"line {line}: {e.Message}");
            }
            BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((int)(addr - origin)), word);
        }
        labels = symbols;
        return image;
    }

    private static bool IsLabel(string s) => s.Length > 0 && (char.IsLetter(s[0]) || s[0] is '_' or '.') && s.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '$');
}
