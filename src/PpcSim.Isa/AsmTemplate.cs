using System.Collections.Concurrent;

namespace PpcSim.Isa;

/// <summary>Parses operand templates such as "bf?,ra,si" or "rt,d(ra0)" (cached).</summary>
public static class AsmTemplate
{
    private static readonly ConcurrentDictionary<string, AsmOperand[]> s_cache = new(StringComparer.Ordinal);

    public static AsmOperand[] Parse(string asm) => s_cache.GetOrAdd(asm, static a =>
    {
        if (a.Length == 0) return [];
        return a.Split(',').Select(tok =>
        {
            tok = tok.Trim();
            bool opt = tok.EndsWith('?');
            if (opt) tok = tok[..^1];
            int paren = tok.IndexOf('(');
            if (paren > 0) return new AsmOperand(tok[..paren], tok[(paren + 1)..^1], opt);
            return new AsmOperand(tok, null, opt);
        }).ToArray();
    });
}
