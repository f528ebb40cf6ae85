using System.Globalization;

namespace PpcSim.Isa;

/// <summary>
/// Assembles one instruction from its text, using the same table as the disassembler, so
/// every mnemonic objdump prints (extended ones included) assembles back to the same word.
/// </summary>
public static class Assembler
{
    private static readonly Lazy<Dictionary<string, List<(InsnSpec Spec, AliasSpec? Alias)>>> s_byName = new(() =>
    {
        var d = new Dictionary<string, List<(InsnSpec, AliasSpec?)>>(StringComparer.Ordinal);
        foreach (var s in IsaTable.Specs)
        {
            if (s.Op == Op.Invalid) continue;
            Add(d, s.Name, (s, null));
        }
        foreach (var a in IsaTable.Aliases)
            if (!a.IsInvalid) Add(d, a.Name, (IsaTable.Get(a.BaseOp), a));
        return d;
    });

    private static void Add(Dictionary<string, List<(InsnSpec, AliasSpec?)>> d, string name, (InsnSpec, AliasSpec?) e)
    {
        if (!d.TryGetValue(name, out var list)) d[name] = list = [];
        list.Add(e);
    }

    public static bool IsMnemonic(string name) => s_byName.Value.ContainsKey(name);

    /// <summary>Assembles "mnemonic operands" at <paramref name="address"/>; symbols resolve labels.</summary>
    public static uint Assemble(string text, ulong address = 0, Func<string, long?>? symbols = null)
    {
        text = text.Trim();
        int sp = 0;
        while (sp < text.Length && !char.IsWhiteSpace(text[sp])) sp++;
        string mnem = text[..sp].ToLowerInvariant();
        string rest = text[sp..].Trim();
        // Branch prediction hints ("beq+", "bdnz-") are part of the extended mnemonic's name.
        if (!s_byName.Value.TryGetValue(mnem, out var candidates)) throw new AsmException($"unknown instruction '{mnem}'");
        var args = SplitOperands(rest);
        AsmException? last = null;
        foreach (var (spec, alias) in candidates)
        {
            try
            {
                return Encode(spec, alias, args, address, symbols);
            }
            catch (AsmException e)
            {
                last = e;
            }
        }
        throw last ?? new AsmException($"cannot assemble '{text}'");
    }

    private static List<string> SplitOperands(string rest)
    {
        var list = new List<string>();
        if (rest.Length == 0) return list;
        int depth = 0, start = 0;
        for (int i = 0; i < rest.Length; i++)
        {
            if (rest[i] == '(') depth++;
            else if (rest[i] == ')') depth--;
            else if (rest[i] == ',' && depth == 0)
            {
                list.Add(rest[start..i].Trim());
                start = i + 1;
            }
        }
        list.Add(rest[start..].Trim());
        return list;
    }

    private static uint Encode(InsnSpec spec, AliasSpec? alias, List<string> args, ulong address, Func<string, long?>? symbols)
    {
        uint word = alias?.Match ?? spec.Match;
        string asm = alias?.Asm ?? spec.Asm;
        var ops = AsmTemplate.Parse(asm);
        int required = ops.Count(o => !o.Optional);
        // Optional operands may be given as a prefix (objdump drops trailing zero ones): the
        // first (args - required) optional operands are present, the rest default to zero.
        int optionalGiven = args.Count - required;
        if (optionalGiven < 0 || args.Count > ops.Length)
            throw new AsmException($"'{alias?.Name ?? spec.Name}' takes {required}{(required != ops.Length ? $" to {ops.Length}" : "")} operands, got {args.Count}");
        int ai = 0;
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (int oi = 0; oi < ops.Length; oi++)
        {
            var o = ops[oi];
            if (o.Optional && optionalGiven-- <= 0) continue;
            string a = args[ai++];
            if (o.IsLiteral)
            {
                if (AsmExpression.Evaluate(a, symbols) != long.Parse(o.Field, CultureInfo.InvariantCulture))
                    throw new AsmException($"'{alias?.Name ?? spec.Name}' needs {o.Field} here, got '{a}'");
                continue;
            }
            if (o.Base is { } b)
            {
                int paren = a.LastIndexOf('(');
                if (paren < 0 || !a.EndsWith(')')) throw new AsmException($"expected D(RA) operand, got '{a}'");
                Insert(ref word, IsaTable.FieldByName(o.Field), a[..paren].Trim() is { Length: > 0 } disp ? disp : "0", address, symbols);
                Insert(ref word, IsaTable.FieldByName(b), a[(paren + 1)..^1], address, symbols);
                set.Add(o.Field);
                set.Add(b);
            }
            else if (o.Negate)
            {
                var f = IsaTable.FieldByName(o.Field);
                long v = o.FromShown(AsmExpression.Evaluate(a, symbols));
                if (!f.TryInsert(ref word, v)) throw new AsmException($"operand '{a}' out of range for {alias?.Name ?? spec.Name}");
                set.Add(o.Field);
            }
            else
            {
                Insert(ref word, IsaTable.FieldByName(o.Field), a, address, symbols);
                set.Add(o.Field);
            }
        }
        if (alias != null)
        {
            // Fields tied to others (mr: rb = rs; slwi: me = 31 - sh) take their value from the
            // operand given; repeat so chains (crset: ba = bt, bb = bt) resolve in any order.
            for (bool changed = true; changed;)
            {
                changed = false;
                foreach (var r in alias.Relations)
                {
                    bool hasA = set.Contains(r.A), hasB = set.Contains(r.B);
                    if (hasA == hasB) continue;
                    var fa = IsaTable.FieldByName(r.A);
                    var fb = IsaTable.FieldByName(r.B);
                    uint w = word;
                    bool ok = hasB
                        ? fa.TryInsert(ref w, (long)((ulong)r.AFromB((long)fb.Raw(word)) & FieldRelation.WidthMask(fa.Width)))
                        : fb.TryInsert(ref w, (long)((ulong)r.BFromA((long)fa.Raw(word)) & FieldRelation.WidthMask(fb.Width)));
                    if (!ok) throw new AsmException($"cannot derive {(hasB ? r.A : r.B)} for '{alias.Name}'");
                    word = w;
                    set.Add(hasB ? r.A : r.B);
                    changed = true;
                }
            }
        }
        if (Decoder.Instance.Decode(word) != spec.Op) throw new AsmException($"operands do not form a valid '{spec.Name}'");
        if (alias != null && !alias.Matches(word)) throw new AsmException($"operands do not fit '{alias.Name}'");
        return word;
    }

    private static void Insert(ref uint word, FieldInfo f, string text, ulong address, Func<string, long?>? symbols)
    {
        long v = ParseOperand(f, text.Trim(), (word & 2) != 0 && f.Kind == "brel" ? 0 : address, symbols);
        if (f.TryInsert(ref word, v)) return;
        // objdump prints targets of raw binaries as 32-bit addresses (0xfffffff0 for -16 at 0):
        // accept such a target when the 32-bit wrapped displacement fits.
        if (f.Kind == "brel" && v is >= -(1L << 32) and < (1L << 32) && f.TryInsert(ref word, (int)v)) return;
        throw new AsmException($"operand '{text}' out of range for {f.Name}");
    }

    private static long ParseOperand(FieldInfo f, string text, ulong address, Func<string, long?>? symbols)
    {
        string? prefix = f.Kind switch
        {
            "gpr" or "gpr0" => "r",
            "fpr" => "f",
            "vr" => "v",
            "vsr" => "vs",
            "crf" => "cr",
            _ => null,
        };
        if (prefix != null)
        {
            string t = text.StartsWith('%') ? text[1..] : text;
            if (t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && int.TryParse(t.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int r)) return r;
            if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) return n;
            throw new AsmException($"expected a {f.Kind} register, got '{text}'");
        }
        long v = AsmExpression.Evaluate(text, symbols);
        if (f.Kind == "brel") return v - (long)address;
        if (f.Kind == "nb" && v == 32) return 0;
        if (f.Kind is "simm" or "disp" && !f.Signed) return v;
        // Unsigned fields accept negative numbers of the same width (li r3,-1 style).
        if (!f.Signed && v < 0 && f.Kind is "uimm" or "hex" && v >= -(1L << (f.Width - 1 + f.Scale))) return v & ((1L << (f.Width + f.Scale)) - 1);
        return v;
    }
}
