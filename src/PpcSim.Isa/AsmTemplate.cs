using System.Collections.Concurrent;

namespace PpcSim.Isa;

/// <summary>Parses operand templates such as "bf?,ra,si", "rt,d(ra0)" or "ra,rs,31-me" (cached).</summary>
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
            int minus = tok.IndexOf('-');
            if (minus > 0 && char.IsDigit(tok[0]))
                return new AsmOperand(tok[(minus + 1)..], null, opt, true, long.Parse(tok[..minus], System.Globalization.CultureInfo.InvariantCulture));
            return new AsmOperand(tok, null, opt);
        }).ToArray();
    });
}
