using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PpcSim.Isa.Generator;

/// <summary>
/// Parses the isa/*.isa files. Grammar (one statement a line, '#' starts a comment):
///   field NAME KIND [signed] [scale=N]
///   insn  NAME PATTERN... [key=value | key="value with spaces"]...
///   alias NAME BASE [field=VALUE | field&amp;MASK=VALUE | field=OTHERFIELD | FLAG=0|1]... [asm="..."] [dialect=...]
/// PATTERN is the 32-bit word from bit 0 (MSB) to bit 31, as tokens: runs of 0/1 (fixed),
/// runs of '-' (ignored), runs of '/' (reserved, must be zero), NAME:WIDTH[@VALUESHIFT]
/// (a field piece) and the flag letters O (OE), L (LK), A (AA), R (Rc), each one bit,
/// which expand the instruction into its suffixed forms (o, l, a, .).
/// A field may be a part of another: <c>field bicr crf part=bi:3@2</c> names value bits 2..4 of bi;
/// it needs no pattern of its own (it is present wherever its parent is), for operands such as
/// the CR field of a conditional branch's BI.
/// Alias constraints: <c>field=N</c>; <c>field=0b01--</c> (only the 0/1 bits are fixed);
/// <c>field=other</c>, <c>field=C-other</c>, <c>field=other+C</c> (modulo the field's width, e.g.
/// slwi: <c>me=31-sh</c>); <c>word=0xMATCH/0xMASK</c> (raw word bits, for ignored bits objdump checks).
/// An alias named <c>.long</c> marks words that objdump refuses (it prints them as .long) although
/// the instruction decodes. Alias names may end in '+'/'-' (branch hints); the o/l/a/. suffix of the
/// base goes before the hint (beql+). Asm operands may be <c>C-field</c> (clrrwi prints 31-me).
/// <c>dialect=asm</c> marks an alias the assembler accepts but the disassembler never prints
/// (gas conveniences such as sub and subi that objdump does not use).
/// </summary>
internal sealed class IsaParser
{
    private readonly List<IsaError> _errors = new List<IsaError>();
    private readonly Dictionary<string, FieldDef> _fields = new Dictionary<string, FieldDef>(StringComparer.Ordinal);
    private readonly List<InsnDef> _insns = new List<InsnDef>();
    private readonly List<(string Name, string Base, List<string> Constraints, Dictionary<string, string> Attrs, string File, int Line)> _rawAliases =
        new List<(string, string, List<string>, Dictionary<string, string>, string, int)>();

    public static readonly string[] Kinds =
    {
        "gpr", "gpr0", "fpr", "vr", "vsr", "crf", "crb", "simm", "uimm", "disp", "brel", "spr", "tbr", "hex", "bo", "bi", "bh", "nb",
    };

    private static readonly HashSet<string> s_attrKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "form", "asm", "unit", "lat", "mem", "size", "barrier", "reads", "writes", "priv", "exec", "over", "isa", "flags", "dialect", "invalid",
    };

    private static readonly Dictionary<string, string[]> s_attrValues = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["unit"] = new[] { "alu", "mul", "div", "lsu", "fpu", "fdiv", "vec", "vsx", "bru", "cr", "spr", "sys", "dfp" },
        ["mem"] = new[] { "load", "store", "larx", "stcx", "cache", "none", "loadstore" },
        ["size"] = new[] { "1", "2", "4", "8", "16", "32", "128", "var" },
        ["barrier"] = new[] { "sync", "lwsync", "ptesync", "eieio", "isync", "msgsync", "tlbsync" },
        ["priv"] = new[] { "user", "priv", "hyp" },
    };

    public IReadOnlyList<IsaError> Errors => _errors;
    public IReadOnlyDictionary<string, FieldDef> Fields => _fields;
    public IReadOnlyList<InsnDef> Insns => _insns;
    public List<AliasDef> Aliases { get; } = new List<AliasDef>();

    /// <summary>First pass: only 'field' statements, so any file may use any file's fields.</summary>
    public void ParseFields(string file, string text) => Parse(file, text, fieldsOnly: true);

    public void Parse(string file, string text) => Parse(file, text, fieldsOnly: false);

    private void Parse(string file, string text, bool fieldsOnly)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int hash = IndexOfComment(line);
            if (hash >= 0) line = line.Substring(0, hash);
            var toks = Tokenize(line, file, i + 1);
            if (toks == null || toks.Count == 0) continue;
            if (fieldsOnly != (toks[0] == "field")) continue;
            switch (toks[0])
            {
                case "field": ParseField(toks, file, i + 1); break;
                case "insn": ParseInsn(toks, file, i + 1); break;
                case "alias":
                    if (toks.Count < 3) { Error(file, i + 1, "alias needs NAME BASE"); break; }
                    var cons = new List<string>();
                    var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
                    for (int k = 3; k < toks.Count; k++)
                    {
                        int eq = toks[k].IndexOf('=');
                        if (eq <= 0) { Error(file, i + 1, $"alias: expected field=value or key=value, got '{toks[k]}'"); continue; }
                        string key = toks[k].Substring(0, eq);
                        if (key == "asm" || key == "dialect") attrs[key] = Unquote(toks[k].Substring(eq + 1));
                        else cons.Add(toks[k]);
                    }
                    _rawAliases.Add((toks[1], toks[2], cons, attrs, file, i + 1));
                    break;
                default: Error(file, i + 1, $"unknown statement '{toks[0]}'"); break;
            }
        }
    }

    private static int IndexOfComment(string line)
    {
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == '#' && !quoted) return i;
        }
        return -1;
    }

    private List<string>? Tokenize(string line, string file, int lineNo)
    {
        var toks = new List<string>();
        int i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i])) { i++; continue; }
            int start = i;
            bool quoted = false;
            while (i < line.Length && (quoted || !char.IsWhiteSpace(line[i])))
            {
                if (line[i] == '"') quoted = !quoted;
                i++;
            }
            if (quoted) { Error(file, lineNo, "unterminated quoted string"); return null; }
            toks.Add(line.Substring(start, i - start));
        }
        return toks;
    }

    private static string Unquote(string v) => v.Length >= 2 && v[0] == '"' && v[v.Length - 1] == '"' ? v.Substring(1, v.Length - 2) : v;

    private void ParseField(List<string> toks, string file, int line)
    {
        if (toks.Count < 3) { Error(file, line, "field needs NAME KIND"); return; }
        string name = toks[1];
        if (!IsIdent(name)) { Error(file, line, $"bad field name '{name}'"); return; }
        if (!Kinds.Contains(toks[2])) { Error(file, line, $"unknown field kind '{toks[2]}' (known: {string.Join(", ", Kinds)})"); return; }
        bool signed = false;
        int scale = 0, bias = 0;
        string? part = null;
        for (int k = 3; k < toks.Count; k++)
        {
            if (toks[k] == "signed") signed = true;
            else if (toks[k].StartsWith("scale=", StringComparison.Ordinal) && int.TryParse(toks[k].Substring(6), NumberStyles.None, CultureInfo.InvariantCulture, out int s) && s < 8) scale = s;
            else if (toks[k].StartsWith("part=", StringComparison.Ordinal)) part = toks[k].Substring(5);
            else if (toks[k].StartsWith("bias=", StringComparison.Ordinal) && int.TryParse(toks[k].Substring(5), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int b)) bias = b;
            else Error(file, line, $"unknown field option '{toks[k]}'");
        }
        string? parent = null;
        int pw = 0, ps = 0;
        if (part != null)
        {
            int colon = part.IndexOf(':'), at = part.IndexOf('@');
            if (colon <= 0 || at < colon
                || !int.TryParse(part.Substring(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out pw)
                || !int.TryParse(part.Substring(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ps) || pw < 1)
            {
                Error(file, line, $"bad part '{part}' (expected part=PARENT:WIDTH@SHIFT)");
                return;
            }
            parent = part.Substring(0, colon);
        }
        if (_fields.TryGetValue(name, out var old))
        {
            if (old.Kind != toks[2] || old.Signed != signed || old.Scale != scale || old.Bias != bias || old.Parent != parent || old.PartWidth != pw || old.PartShift != ps)
                Error(file, line, $"field '{name}' defined differently at {System.IO.Path.GetFileName(old.File)}:{old.Line}");
            return;
        }
        _fields[name] = new FieldDef(name, toks[2], signed, scale, line, file, bias) { Parent = parent, PartWidth = pw, PartShift = ps };
    }

    /// <summary>Fields usable with a pattern that has these pieces: its own fields and their parts.</summary>
    private HashSet<string> FieldsOf(IEnumerable<Piece> pieces)
    {
        var names = new HashSet<string>(pieces.Select(p => p.Field));
        foreach (var f in _fields.Values)
            if (f.Parent != null && names.Contains(f.Parent)) names.Add(f.Name);
        return names;
    }

    /// <summary>Pieces of <paramref name="field"/> within a pattern (slicing the parent for part fields).</summary>
    private List<Piece> PiecesOf(IEnumerable<Piece> pieces, string field)
    {
        var f = _fields[field];
        if (f.Parent == null) return pieces.Where(p => p.Field == field).ToList();
        var result = new List<Piece>();
        foreach (var p in pieces.Where(p => p.Field == f.Parent))
        {
            int lo = Math.Max(p.ValueShift, f.PartShift), hi = Math.Min(p.ValueShift + p.Width, f.PartShift + f.PartWidth);
            if (lo < hi) result.Add(new Piece(field, p.Shift + (lo - p.ValueShift), hi - lo, lo - f.PartShift));
        }
        return result;
    }

    private static bool IsIdent(string s) => s.Length > 0 && char.IsLetter(s[0]) && s.All(c => char.IsLetterOrDigit(c) || c == '_');
    private static bool IsMnemonic(string s) => s.Length > 0 && char.IsLetter(s[0]) && s.All(c => (char.IsLetterOrDigit(c) && !char.IsUpper(c)) || c == '.' || c == '_');

    private void ParseInsn(List<string> toks, string file, int line)
    {
        if (toks.Count < 3) { Error(file, line, "insn needs NAME PATTERN"); return; }
        string name = toks[1];
        if (!IsMnemonic(name)) { Error(file, line, $"bad mnemonic '{name}'"); return; }
        int bit = 0; // ISA bit number (0 = MSB) of the next token
        uint mask = 0, match = 0;
        var pieces = new List<Piece>();
        var flags = new List<(char Flag, int Shift)>();
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        int k = 2;
        for (; k < toks.Count; k++)
        {
            string t = toks[k];
            if (t.IndexOf('=') > 0) break;
            if (t.All(c => c == '0' || c == '1' || c == '/'))
            {
                foreach (char c in t)
                {
                    if (bit >= 32) break;
                    uint b = 1u << (31 - bit);
                    mask |= b;
                    if (c == '1') match |= b;
                    bit++;
                }
            }
            else if (t.All(c => c == '-'))
            {
                bit += t.Length;
            }
            else if (t.Length == 1 && "OLAR".IndexOf(t[0]) >= 0)
            {
                if (bit < 32) flags.Add((t[0], 31 - bit));
                bit++;
            }
            else
            {
                int colon = t.IndexOf(':');
                if (colon <= 0) { Error(file, line, $"bad pattern token '{t}'"); return; }
                string fname = t.Substring(0, colon);
                string rest = t.Substring(colon + 1);
                int at = rest.IndexOf('@');
                int vshift = 0;
                if (at >= 0)
                {
                    if (!int.TryParse(rest.Substring(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out vshift)) { Error(file, line, $"bad value shift in '{t}'"); return; }
                    rest = rest.Substring(0, at);
                }
                if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int width) || width < 1 || width > 32) { Error(file, line, $"bad width in '{t}'"); return; }
                if (!_fields.ContainsKey(fname)) { Error(file, line, $"field '{fname}' is not defined (define it with 'field {fname} KIND')"); return; }
                if (_fields[fname].Parent != null) { Error(file, line, $"field '{fname}' is a part of '{_fields[fname].Parent}'; use the parent in patterns"); return; }
                pieces.Add(new Piece(fname, 32 - bit - width, width, vshift));
                bit += width;
            }
        }
        if (bit != 32) { Error(file, line, $"pattern of '{name}' has {bit} bits, not 32"); return; }
        for (; k < toks.Count; k++)
        {
            int eq = toks[k].IndexOf('=');
            if (eq <= 0) { Error(file, line, $"expected key=value, got '{toks[k]}'"); return; }
            string key = toks[k].Substring(0, eq), val = Unquote(toks[k].Substring(eq + 1));
            if (!s_attrKeys.Contains(key)) { Error(file, line, $"unknown attribute '{key}'"); continue; }
            if (s_attrValues.TryGetValue(key, out var allowed) && !allowed.Contains(val)) { Error(file, line, $"attribute {key}={val}: expected one of {string.Join("|", allowed)}"); continue; }
            if (key == "lat" && !int.TryParse(val, NumberStyles.None, CultureInfo.InvariantCulture, out _)) { Error(file, line, "lat must be a number"); continue; }
            attrs[key] = val;
        }
        if (!CheckLayout(pieces, file, line)) return;
        if (attrs.TryGetValue("asm", out var asm)) CheckAsm(asm, pieces, file, line);
        if (attrs.TryGetValue("invalid", out var inv)) CheckInvalid(inv, pieces, file, line);
        foreach (var key in new[] { "reads", "writes" })
        {
            if (!attrs.TryGetValue(key, out var regs)) continue;
            foreach (var r in regs.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (s_fixedRegs.Contains(r)) continue;
                if (!FieldsOf(pieces).Contains(r)) Error(file, line, $"{key}: '{r}' is neither a field of the pattern nor a fixed register ({string.Join(",", s_fixedRegs)})");
            }
        }

        int n = flags.Count;
        for (int combo = 0; combo < (1 << n); combo++)
        {
            var d = new InsnDef { BaseName = name, File = file, Line = line, Mask = mask, Match = match, Pieces = pieces, Attrs = attrs };
            string mSuffix = "", oSuffix = "";
            foreach (char fl in "OLAR")
            {
                int idx = flags.FindIndex(f => f.Flag == fl);
                if (idx < 0) continue;
                bool on = (combo & (1 << idx)) != 0;
                uint b = 1u << flags[idx].Shift;
                d.Mask |= b;
                if (on)
                {
                    d.Match |= b;
                    mSuffix += fl switch { 'O' => "o", 'L' => "l", 'A' => "a", _ => "." };
                    oSuffix += fl switch { 'O' => "O", 'L' => "L", 'A' => "A", _ => "Dot" };
                }
            }
            d.Name = name + mSuffix;
            d.Suffix = mSuffix;
            d.OpName = Pascal(name) + oSuffix;
            d.Handler = attrs.TryGetValue("exec", out var h) ? h : Pascal(name);
            _insns.Add(d);
        }
    }

    private static readonly string[] s_fixedRegs =
    {
        "cr", "cr0", "cr1", "cr6", "lr", "ctr", "xer", "ca", "ov", "so", "fpscr", "vscr", "msr", "tb", "mem", "tar", "ppr", "dscr", "vrsave", "spr", "srr", "hsrr", "resv",
    };

    private bool CheckLayout(List<Piece> pieces, string file, int line)
    {
        foreach (var g in pieces.GroupBy(p => p.Field))
        {
            var ps = g.OrderBy(p => p.ValueShift).ToList();
            int expect = 0;
            foreach (var p in ps)
            {
                if (p.ValueShift != expect) { Error(file, line, $"field '{g.Key}': pieces do not tile its value (gap or overlap at bit {expect}; use NAME:W@S)"); return false; }
                expect += p.Width;
            }
            string layout = string.Join(";", ps.Select(p => $"{p.Shift}:{p.Width}@{p.ValueShift}"));
            var f = _fields[g.Key];
            if (f.Layout == null)
            {
                f.Layout = layout;
                f.Pieces = ps.ToArray();
                f.Width = expect;
            }
            else if (f.Layout != layout)
            {
                Error(file, line, $"field '{g.Key}' has layout {layout} here but {f.Layout} elsewhere; give the other layout its own field name");
                return false;
            }
        }
        return true;
    }

    private void CheckAsm(string asm, IEnumerable<Piece> pieces, string file, int line)
    {
        var names = FieldsOf(pieces);
        foreach (var id in AsmIdents(asm))
            if (!names.Contains(id)) Error(file, line, $"asm operand '{id}' is not a field of the pattern");
    }

    /// <summary>
    /// invalid="ra=0|ra=rt": operand combinations that make the form invalid (ISA "invalid form",
    /// objdump prints .long); terms "FIELD OP FIELD|NUMBER" with OP one of = != &lt; &lt;= &gt; &gt;=,
    /// compared on field values, any true term rejects the word at decode.
    /// </summary>
    private void CheckInvalid(string expr, List<Piece> pieces, string file, int line)
    {
        var names = new HashSet<string>(pieces.Select(p => p.Field));
        foreach (var term in expr.Split('|'))
        {
            var m = System.Text.RegularExpressions.Regex.Match(term.Trim(), @"^([A-Za-z_][A-Za-z0-9_]*)\s*(!=|<=|>=|=|<|>)\s*([A-Za-z_][A-Za-z0-9_]*|-?[0-9]+)$");
            if (!m.Success) { Error(file, line, $"invalid=: cannot parse term '{term}' (expected FIELD OP FIELD|NUMBER)"); continue; }
            foreach (var id in new[] { m.Groups[1].Value, m.Groups[3].Value })
                if (!char.IsDigit(id[0]) && id[0] != '-' && !names.Contains(id)) Error(file, line, $"invalid=: '{id}' is not a field of the pattern");
        }
    }

    internal static IEnumerable<string> AsmIdents(string asm)
    {
        int i = 0;
        while (i < asm.Length)
        {
            if (char.IsLetter(asm[i]))
            {
                int s = i;
                while (i < asm.Length && (char.IsLetterOrDigit(asm[i]) || asm[i] == '_')) i++;
                yield return asm.Substring(s, i - s);
            }
            else i++;
        }
    }

    public void Finish()
    {
        foreach (var f in _fields.Values.Where(f => f.Parent != null))
        {
            if (!_fields.TryGetValue(f.Parent!, out var parent) || parent.Parent != null) { Error(f.File, f.Line, $"field '{f.Name}': parent '{f.Parent}' is not a defined pattern field"); continue; }
            if (parent.Pieces == null) continue; // parent unused: so is the part
            if (f.PartShift + f.PartWidth > parent.Width) { Error(f.File, f.Line, $"field '{f.Name}': bits {f.PartShift}..{f.PartShift + f.PartWidth - 1} exceed '{parent.Name}' ({parent.Width} bits)"); continue; }
            f.Pieces = PiecesOf(parent.Pieces, f.Name).ToArray();
            f.Width = f.PartWidth;
            f.Layout = string.Join(";", f.Pieces.Select(p => $"{p.Shift}:{p.Width}@{p.ValueShift}"));
        }
        if (_errors.Count > 0) return;

        foreach (var ra in _rawAliases)
        {
            // A flag constraint (R=0, O=1, L=0, A=1) limits the alias to some suffixed forms:
            // "or 27,27,27" is yield but "or. 27,27,27" is still mr.
            var flagCons = ra.Constraints.Where(c => c.Length == 3 && "OLAR".IndexOf(c[0]) >= 0 && c[1] == '=' && (c[2] == '0' || c[2] == '1')).ToList();
            var bases = _insns.Where(x => x.BaseName == ra.Base && flagCons.All(c => x.Suffix.Contains(c[0] switch { 'O' => "o", 'L' => "l", 'A' => "a", _ => "." }) == (c[2] == '1'))).ToList();
            if (bases.Count == 0) { Error(ra.File, ra.Line, $"alias '{ra.Name}': base instruction '{ra.Base}' is not defined"); continue; }
            if (ra.Name != ".long" && !IsAliasName(ra.Name)) { Error(ra.File, ra.Line, $"bad alias name '{ra.Name}'"); continue; }
            foreach (var b in bases)
            {
                // The base's o/l/a/. suffix goes before a branch hint: beq+ -> beql+.
                string aname = ra.Name == ".long" ? ra.Name
                    : ra.Name.EndsWith("+", StringComparison.Ordinal) || ra.Name.EndsWith("-", StringComparison.Ordinal)
                        ? ra.Name.Substring(0, ra.Name.Length - 1) + b.Suffix + ra.Name.Substring(ra.Name.Length - 1)
                        : ra.Name + b.Suffix;
                var a = new AliasDef { Name = aname, Base = b.Name, Mask = b.Mask, Match = b.Match, File = ra.File, Line = ra.Line };
                a.Asm = ra.Attrs.TryGetValue("asm", out var asm) ? asm : "";
                a.Dialect = ra.Attrs.TryGetValue("dialect", out var dia) ? dia : "";
                var names = FieldsOf(b.Pieces);
                bool ok = true;
                foreach (var c in ra.Constraints)
                {
                    if (flagCons.Contains(c)) continue;
                    int eq = c.IndexOf('=');
                    string fname = c.Substring(0, eq), val = c.Substring(eq + 1);
                    if (fname == "word")
                    {
                        int slash = val.IndexOf('/');
                        if (slash < 0 || !TryParseNumber(val.Substring(0, slash), out long wm) || !TryParseNumber(val.Substring(slash + 1), out long wk) || (wm & ~wk) != 0)
                        {
                            Error(ra.File, ra.Line, $"alias '{ra.Name}': expected word=0xMATCH/0xMASK, got '{val}'");
                            ok = false;
                            break;
                        }
                        a.Mask |= (uint)wk;
                        a.Match = (a.Match & ~(uint)wk) | (uint)wm;
                        continue;
                    }
                    // field&MASK=VALUE constrains only some bits of the field (dcbtds: TH&24=8).
                    ulong valueMask = ulong.MaxValue;
                    int amp = fname.IndexOf('&');
                    if (amp > 0)
                    {
                        if (!TryParseNumber(fname.Substring(amp + 1), out long vm) || vm <= 0) { Error(ra.File, ra.Line, $"alias '{ra.Name}': bad mask in '{c}'"); ok = false; break; }
                        valueMask = (ulong)vm;
                        fname = fname.Substring(0, amp);
                    }
                    if (!names.Contains(fname)) { Error(ra.File, ra.Line, $"alias '{ra.Name}': '{fname}' is not a field of '{b.Name}'"); ok = false; break; }
                    var fp = PiecesOf(b.Pieces, fname);
                    int fwidth = fp.Sum(p => p.Width);
                    if (amp < 0 && TryParseRelation(val, out string other, out bool negate, out long offset))
                    {
                        if (!names.Contains(other)) { Error(ra.File, ra.Line, $"alias '{ra.Name}': '{other}' is not a field of '{b.Name}'"); ok = false; break; }
                        a.Equal.Add(fname + "=" + (negate ? offset.ToString(CultureInfo.InvariantCulture) + "-" + other : offset == 0 ? other : other + "+" + offset.ToString(CultureInfo.InvariantCulture)));
                        continue;
                    }
                    ulong raw, vmask;
                    if (val.StartsWith("0b", StringComparison.Ordinal) && val.Length > 2 && val.Substring(2).All(ch => ch == '0' || ch == '1' || ch == '-'))
                    {
                        // 0b01-- fixes only the 0/1 bits of the field (bge: bo=0b0010-, any 'at' hint bit).
                        string bits = val.Substring(2);
                        if (bits.Length != fwidth) { Error(ra.File, ra.Line, $"alias '{ra.Name}': pattern '{val}' has {bits.Length} bits, field '{fname}' has {fwidth}"); ok = false; break; }
                        raw = 0;
                        vmask = 0;
                        for (int i = 0; i < bits.Length; i++)
                        {
                            int vb = bits.Length - 1 - i;
                            if (bits[i] == '-') continue;
                            vmask |= 1UL << vb;
                            if (bits[i] == '1') raw |= 1UL << vb;
                        }
                    }
                    else if (TryParseNumber(val, out long v))
                    {
                        raw = (ulong)v;
                        vmask = ulong.MaxValue;
                    }
                    else { Error(ra.File, ra.Line, $"alias '{ra.Name}': bad value '{val}'"); ok = false; break; }
                    if ((raw & ~valueMask) != 0) { Error(ra.File, ra.Line, $"alias '{ra.Name}': value outside mask in '{c}'"); ok = false; break; }
                    vmask &= valueMask;
                    foreach (var p in fp)
                    {
                        for (int i = 0; i < p.Width; i++)
                        {
                            if (((vmask >> (p.ValueShift + i)) & 1) == 0) continue;
                            uint bit = 1u << (p.Shift + i);
                            a.Mask |= bit;
                            a.Match = ((raw >> (p.ValueShift + i)) & 1) != 0 ? a.Match | bit : a.Match & ~bit;
                        }
                    }
                }
                if (!ok) break;
                foreach (var id in AsmIdents(a.Asm))
                    if (!names.Contains(id)) { Error(ra.File, ra.Line, $"alias '{ra.Name}': asm operand '{id}' is not a field of '{b.Name}'"); ok = false; }
                if (ok) Aliases.Add(a);
            }
        }

        var byName = new Dictionary<string, InsnDef>(StringComparer.Ordinal);
        foreach (var d in _insns)
        {
            if (byName.TryGetValue(d.Name, out var prev)) Error(d.File, d.Line, $"instruction '{d.Name}' already defined at {prev.File}:{prev.Line}");
            else byName[d.Name] = d;
        }
        CheckOverlaps();
    }

    private void CheckOverlaps()
    {
        // Bucket by primary opcode to keep the pairwise check cheap.
        foreach (var group in _insns.GroupBy(d => (d.Mask & 0xfc000000u) == 0xfc000000u ? (int)(d.Match >> 26) : -1))
        {
            var list = group.ToList();
            var wild = group.Key == -1 ? _insns : _insns.Where(d => (d.Mask & 0xfc000000u) != 0xfc000000u).ToList();
            for (int i = 0; i < list.Count; i++)
            {
                var a = list[i];
                var others = group.Key == -1 ? list.Skip(i + 1) : list.Skip(i + 1).Concat(wild);
                foreach (var b in others)
                {
                    if (ReferenceEquals(a, b)) continue;
                    uint common = a.Mask & b.Mask;
                    if (((a.Match ^ b.Match) & common) != 0) continue;
                    if (Overrides(a, b) || Overrides(b, a)) continue;
                    Error(a.File, a.Line, $"'{a.Name}' ({a.Mask:x8}/{a.Match:x8}) overlaps '{b.Name}' at {b.File}:{b.Line} ({b.Mask:x8}/{b.Match:x8}); list it in over= if intended");
                }
            }
        }
    }

    private static bool Overrides(InsnDef special, InsnDef general)
    {
        if (!special.Attrs.TryGetValue("over", out var over)) return false;
        bool named = over.Split(',').Any(n => n == general.BaseName || n == general.Name);
        // The overriding pattern must be strictly more specific, so decode is unambiguous.
        return named && (special.Mask & general.Mask) == general.Mask && special.Mask != general.Mask;
    }

    private static bool IsAliasName(string s)
    {
        string core = s.EndsWith("+", StringComparison.Ordinal) || s.EndsWith("-", StringComparison.Ordinal) ? s.Substring(0, s.Length - 1) : s;
        return IsMnemonic(core);
    }

    /// <summary>"other", "C-other", "other+C", "other-C" (C decimal): a field relation of an alias.</summary>
    private static bool TryParseRelation(string s, out string other, out bool negate, out long offset)
    {
        other = "";
        negate = false;
        offset = 0;
        if (s.Length == 0 || s.StartsWith("0b", StringComparison.Ordinal)) return false;
        if (IsIdent(s)) { other = s; return true; }
        int op = s.IndexOfAny(new[] { '+', '-' }, 1);
        if (op <= 0) return false;
        string l = s.Substring(0, op), r = s.Substring(op + 1);
        if (char.IsDigit(l[0]) && IsIdent(r) && s[op] == '-' && long.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            other = r;
            negate = true;
            return true;
        }
        if (IsIdent(l) && r.Length > 0 && char.IsDigit(r[0]) && long.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            other = l;
            if (s[op] == '-') offset = -offset;
            return true;
        }
        return false;
    }

    internal static bool TryParseNumber(string s, out long v)
    {
        bool neg = s.StartsWith("-", StringComparison.Ordinal);
        if (neg) s = s.Substring(1);
        bool ok = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(s.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out v)
            : long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        if (neg) v = -v;
        return ok;
    }

    internal static string Pascal(string mnemonic)
    {
        var sb = new System.Text.StringBuilder();
        bool up = true;
        foreach (char c in mnemonic)
        {
            if (c == '.') { sb.Append("Dot"); up = true; continue; }
            if (c == '_') { up = true; continue; }
            sb.Append(up ? char.ToUpperInvariant(c) : c);
            up = false;
        }
        return sb.ToString();
    }

    private void Error(string file, int line, string msg) => _errors.Add(new IsaError(file, line, msg));
}
