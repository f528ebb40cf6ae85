using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PpcSim.Litmus;

/// <summary>
/// Parses the herdtools7 litmus format for PPC:
/// <code>
/// PPC NAME ["doc"]
/// ["doc string"]
/// [Key=Value lines]
/// { 0:r2=x; 1:r4=y; x=1; [y]=z; }
///  P0           | P1           ;
///  li r1,1      | lwz r1,0(r2) ;
///  L0:          | ...          ;
/// [locations [1:r1; x;]]
/// exists|~exists|forall (PROP)     PROP: atoms loc=value, /\ \/ ~ =&gt; and parentheses
/// </code>
/// OCaml comments <c>(* ... *)</c> may appear anywhere; text after the condition (ppcmem's
/// <c>&lt;&lt; ... &gt;&gt;</c> blocks) is ignored. Every error names the line.
/// </summary>
public static partial class LitmusParser
{
    public static LitmusTest ParseFile(string path) => Parse(File.ReadAllText(path), path);

    public static LitmusTest Parse(string text, string file)
    {
        var lines = StripComments(text.Replace("\r\n", "\n").Replace('\r', '\n'), file).Split('\n');
        int ln = 0;
        while (ln < lines.Length && lines[ln].Trim().Length == 0) ln++;
        if (ln >= lines.Length) throw new LitmusException(file, 1, "empty file");

        // ---- header line: ARCH NAME [...] ----
        var head = lines[ln].Trim();
        var headToks = head.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        string arch = headToks[0];
        if (arch != "PPC" && arch != "POWER")
            throw new LitmusException(file, ln + 1, $"architecture '{arch}' is not supported (only PPC litmus tests)");
        if (headToks.Length < 2 || headToks[1].StartsWith('"'))
            throw new LitmusException(file, ln + 1, "missing test name after 'PPC'");
        // herd drops a ".litmus" suffix from a test name (campaign test ppoa-v4 is named "ppoa-v4.litmus").
        string name = headToks[1].EndsWith(".litmus", StringComparison.Ordinal) ? headToks[1][..^7] : headToks[1];
        var docs = new List<string>();
        foreach (Match m in QuotedRegex().Matches(head)) docs.Add(m.Groups[1].Value);
        ln++;

        // ---- doc strings and key=value lines, up to the init block ----
        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        int braceLine = -1, braceCol = -1;
        for (; ln < lines.Length; ln++)
        {
            string t = lines[ln].Trim();
            int brace = lines[ln].IndexOf('{');
            if (brace >= 0 && !t.StartsWith('"'))
            {
                braceLine = ln;
                braceCol = brace;
                break;
            }
            if (t.Length == 0) continue;
            if (t.StartsWith('"'))
            {
                var quoted = QuotedRegex().Matches(t);
                foreach (Match m in quoted) docs.Add(m.Groups[1].Value);
                // herd takes a doc string missing its closing quote up to the end of the line.
                if (quoted.Count == 0) docs.Add(t[1..]);
                continue;
            }
            int eq = t.IndexOf('=');
            if (eq > 0) info[t[..eq].Trim()] = t[(eq + 1)..].Trim();
            // Other header lines (free-form remarks in old ppcmem tests) are ignored, as herd does.
        }
        if (braceLine < 0) throw new LitmusException(file, lines.Length, "missing initial state block '{ ... }'");

        // ---- init block ----
        var initText = new List<(string Text, int Line)>();
        int closeLine = -1, closeCol = -1;
        for (int l = braceLine; l < lines.Length; l++)
        {
            string s = lines[l];
            int from = l == braceLine ? braceCol + 1 : 0;
            int close = s.IndexOf('}', from);
            if (close >= 0)
            {
                initText.Add((s[from..close], l + 1));
                closeLine = l;
                closeCol = close;
                break;
            }
            initText.Add((s[from..], l + 1));
        }
        if (closeLine < 0) throw new LitmusException(file, braceLine + 1, "unterminated initial state block: no closing '}'");
        var init = new List<InitEntry>();
        foreach (var (t, line) in initText)
        {
            foreach (var raw in t.Split(';'))
            {
                string e = raw.Trim();
                if (e.Length == 0) continue;
                init.Add(ParseInit(e, file, line));
            }
        }

        // ---- code table ----
        var codeLines = new List<(string Text, int Line)>();
        string rest = lines[closeLine][(closeCol + 1)..].Trim();
        if (rest.StartsWith(';')) rest = rest[1..].Trim(); // "};"
        if (rest.Length > 0) codeLines.Add((rest, closeLine + 1));
        ln = closeLine + 1;
        int condStart = -1;
        for (; ln < lines.Length; ln++)
        {
            string t = lines[ln].Trim();
            if (t.Length == 0) continue;
            if (ConditionStartRegex().IsMatch(t))
            {
                condStart = ln;
                break;
            }
            codeLines.Add((lines[ln], ln + 1));
        }
        if (codeLines.Count == 0) throw new LitmusException(file, Math.Min(ln + 1, lines.Length), "missing code table (P0 | P1 ... ;)");
        var (threads, nthreads) = ParseCode(codeLines, file);
        if (condStart < 0) throw new LitmusException(file, lines.Length, "missing final condition (exists / ~exists / forall)");

        // ---- locations and condition ----
        var lexer = new CondLexer(lines, condStart, file);
        var locations = new List<LitmusLocation>();
        Quantifier q;
        Prop cond;
        int condLine;
        while (true)
        {
            var tok = lexer.Peek();
            if (tok.Text == "locations")
            {
                lexer.Next();
                lexer.Expect("[");
                while (lexer.Peek().Text != "]")
                {
                    if (lexer.Peek().Text == ";") { lexer.Next(); continue; }
                    locations.Add(ParseLocation(lexer));
                }
                lexer.Expect("]");
                continue;
            }
            if (tok.Text == "filter")
            {
                lexer.Next();
                ParseProp(lexer); // litmus7 filters outcomes; the simulator reports every outcome
                continue;
            }
            break;
        }
        var qt = lexer.Next();
        condLine = qt.Line;
        // ppcmem's "final P; with default: K" is read by herd as exists P.
        if (qt.Text is "exists" or "final") q = Quantifier.Exists;
        else if (qt.Text == "forall") q = Quantifier.Forall;
        else if (qt.Text == "~" && lexer.Peek().Text == "exists") { lexer.Next(); q = Quantifier.NotExists; }
        else throw new LitmusException(file, qt.Line, $"expected exists, ~exists or forall, got '{qt.Text}'");
        cond = ParseProp(lexer);

        var test = new LitmusTest
        {
            File = file,
            Arch = "PPC",
            Name = name,
            Doc = docs.Count > 0 ? string.Join(" ", docs) : null,
            Info = info,
            Init = init,
            Threads = threads,
            Locations = locations,
            Quantifier = q,
            Condition = cond,
            ConditionLine = condLine,
        };
        Validate(test, nthreads);
        return test;
    }

    // ---- pieces ------------------------------------------------------------------------------

    private static InitEntry ParseInit(string e, string file, int line)
    {
        int eq = e.IndexOf('=');
        string lhs = eq >= 0 ? e[..eq].Trim() : e;
        string rhs = eq >= 0 ? e[(eq + 1)..].Trim() : "0";
        // A C-style type may precede the location (int x=1; uint64_t 0:r1=...).
        int lb = lhs.IndexOf('[');
        if (lb >= 0 && lhs.IndexOf(']', lb) > lb) lhs = "[" + lhs[(lb + 1)..lhs.IndexOf(']', lb)].Trim() + "]";
        var parts = lhs.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new LitmusException(file, line, $"bad initial state entry '{e}'");
        string locText = parts[^1].TrimStart('*');
        var loc = ParseLocationText(locText, file, line);
        if (rhs.Length == 0) throw new LitmusException(file, line, $"missing value in '{e}'");
        var value = ParseValueText(rhs.TrimStart('&'), file, line);
        return new InitEntry(loc, value, line);
    }

    private static LitmusLocation ParseLocationText(string t, string file, int line)
    {
        if (t.StartsWith('[') && t.EndsWith(']')) t = t[1..^1].Trim();
        t = t.TrimEnd('*'); // locations [0:r5*;] prints the value as a pointer
        // Symbolic registers (herd allocates a free register): %x0 for every thread using it, or 0:%x0.
        var sm = SymRegRegex().Match(t);
        if (sm.Success)
            return LitmusLocation.Register(sm.Groups[1].Success ? int.Parse(sm.Groups[1].Value, CultureInfo.InvariantCulture) : LitmusLocation.AnyThread, "%" + sm.Groups[2].Value);
        var m = RegLocRegex().Match(t);
        if (m.Success)
        {
            int thread = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            string reg = m.Groups[2].Value;
            if (!IsGpr(reg)) throw new LitmusException(file, line, $"bad register '{reg}' in '{t}' (PPC registers are r0-r31)");
            return LitmusLocation.Register(thread, reg);
        }
        if (!IdentRegex().IsMatch(t)) throw new LitmusException(file, line, $"bad location '{t}'");
        return LitmusLocation.Memory(t);
    }

    private static LitmusValue ParseValueText(string t, string file, int line)
    {
        if (TryParseInt(t, out long v)) return LitmusValue.Int(v);
        if (IdentRegex().IsMatch(t) && !RegLocRegex().IsMatch(t)) return LitmusValue.Sym(t);
        throw new LitmusException(file, line, $"bad value '{t}'");
    }

    internal static bool TryParseInt(string t, out long v)
    {
        bool neg = t.StartsWith('-');
        string s = neg ? t[1..] : t;
        bool ok;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = ulong.TryParse(s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong u);
            v = (long)u;
        }
        else
        {
            ok = ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out ulong u);
            v = (long)u;
        }
        if (neg) v = -v;
        return ok;
    }

    internal static bool IsGpr(string reg) =>
        reg.Length >= 2 && reg[0] == 'r' && int.TryParse(reg.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n < 32 && reg == "r" + n;

    private static (List<IReadOnlyList<CodeCell>> Threads, int Count) ParseCode(List<(string Text, int Line)> codeLines, string file)
    {
        var (headText, headLine) = codeLines[0];
        var ht = headText.Trim();
        if (!ht.EndsWith(';')) throw new LitmusException(file, headLine, "code table header must end with ';'");
        var names = ht[..^1].Split('|').Select(s => s.Trim()).ToList();
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] != $"P{i}")
                throw new LitmusException(file, headLine, $"bad code table header: expected 'P{i}', got '{names[i]}'");
        }
        int n = names.Count;
        var threads = new List<List<CodeCell>>();
        for (int i = 0; i < n; i++) threads.Add([]);
        foreach (var (text, line) in codeLines.Skip(1))
        {
            var t = text.Trim();
            if (t.Length == 0) continue;
            if (!t.EndsWith(';')) throw new LitmusException(file, line, $"code row must end with ';': '{t}'");
            var cells = t[..^1].Split('|');
            if (cells.Length > n) throw new LitmusException(file, line, $"code row has {cells.Length} columns, the header has {n}");
            for (int i = 0; i < n; i++)
            {
                string c = i < cells.Length ? cells[i].Trim() : "";
                var labels = new List<string>();
                while (true)
                {
                    var m = LabelRegex().Match(c);
                    if (!m.Success) break;
                    labels.Add(m.Groups[1].Value);
                    c = c[m.Length..].Trim();
                }
                threads[i].Add(new CodeCell(labels, c, line));
            }
        }
        return (threads.Select(t => (IReadOnlyList<CodeCell>)t).ToList(), n);
    }

    private static LitmusLocation ParseLocation(CondLexer lx)
    {
        var t = lx.Next();
        if (t.Text == "[")
        {
            var id = lx.Next();
            lx.Expect("]");
            return ParseLocationText(id.Text, lx.File, id.Line) is { IsRegister: false } m ? m
                : throw new LitmusException(lx.File, id.Line, $"'[{id.Text}]' is not a memory location");
        }
        if (t.Kind != TokKind.Word) throw new LitmusException(lx.File, t.Line, $"expected a location, got '{t.Text}'");
        if (lx.Peek().Text == "*") lx.Next(); // locations [0:r5*;]
        return ParseLocationText(t.Text, lx.File, t.Line);
    }

    // PROP := IMP ; IMP := DISJ ['=>' IMP] ; DISJ := CONJ ('\/' CONJ)* ; CONJ := UNARY ('/\' UNARY)*
    private static Prop ParseProp(CondLexer lx)
    {
        var left = ParseDisj(lx);
        if (lx.Peek().Text == "=>")
        {
            lx.Next();
            return new Prop.Implies(left, ParseProp(lx));
        }
        return left;
    }

    private static Prop ParseDisj(CondLexer lx)
    {
        var p = ParseConj(lx);
        if (lx.Peek().Text == "\\/")
        {
            lx.Next();
            return new Prop.Or(p, ParseDisj(lx));
        }
        return p;
    }

    private static Prop ParseConj(CondLexer lx)
    {
        var p = ParseUnary(lx);
        if (lx.Peek().Text == "/\\")
        {
            lx.Next();
            return new Prop.And(p, ParseConj(lx));
        }
        return p;
    }

    private static Prop ParseUnary(CondLexer lx)
    {
        var t = lx.Peek();
        switch (t.Text)
        {
            case "~":
            case "not":
                lx.Next();
                return new Prop.Not(ParseUnary(lx));
            case "(":
                lx.Next();
                var p = ParseProp(lx);
                lx.Expect(")");
                return p;
            case "true":
                lx.Next();
                return new Prop.Const(true);
            case "false":
                lx.Next();
                return new Prop.Const(false);
        }
        if (t.Kind == TokKind.End) throw new LitmusException(lx.File, t.Line, "unterminated condition");
        var loc = ParseLocation(lx);
        lx.Expect("=");
        var v = lx.Next();
        LitmusValue value;
        if (v.Kind == TokKind.Word && TryParseInt(v.Text, out long n)) value = LitmusValue.Int(n);
        else if (v.Kind == TokKind.Word && IdentRegex().IsMatch(v.Text)) value = LitmusValue.Sym(v.Text);
        else throw new LitmusException(lx.File, v.Line, $"expected a value after '{loc}=', got '{v.Text}'");
        return new Prop.Atom(loc, value);
    }

    private static void Validate(LitmusTest test, int nthreads)
    {
        void CheckLoc(LitmusLocation l, int line)
        {
            if (l.IsRegister && l.Thread >= nthreads && l.Thread != LitmusLocation.AnyThread)
                throw new LitmusException(test.File, line, $"'{l}' names thread {l.Thread}, but the test has {nthreads} thread(s)");
        }
        foreach (var e in test.Init) CheckLoc(e.Location, e.Line);
        var locs = new HashSet<LitmusLocation>();
        test.Condition.CollectLocations(locs);
        foreach (var l in locs) CheckLoc(l, test.ConditionLine);
        foreach (var l in test.Locations) CheckLoc(l, test.ConditionLine);
    }

    // ---- comments ----------------------------------------------------------------------------

    /// <summary>Blanks out OCaml comments (nested), keeping line structure for error positions.</summary>
    private static string StripComments(string text, string file)
    {
        var sb = new StringBuilder(text.Length);
        int depth = 0, line = 1, openLine = 0;
        bool inString = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            char next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c == '\n')
            {
                line++;
                inString = false;
                sb.Append('\n');
                continue;
            }
            if (depth == 0)
            {
                if (inString)
                {
                    if (c == '"') inString = false;
                    sb.Append(c);
                }
                else if (c == '"')
                {
                    inString = true;
                    sb.Append(c);
                }
                else if (c == '(' && next == '*')
                {
                    depth = 1;
                    openLine = line;
                    sb.Append("  ");
                    i++;
                }
                else sb.Append(c);
            }
            else
            {
                if (c == '(' && next == '*') { depth++; sb.Append("  "); i++; }
                else if (c == '*' && next == ')') { depth--; sb.Append("  "); i++; }
                else sb.Append(' ');
            }
        }
        if (depth > 0) throw new LitmusException(file, openLine, "unterminated comment '(*'");
        return sb.ToString();
    }

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedRegex();

    [GeneratedRegex(@"^P?(\d+):([A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex RegLocRegex();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial Regex IdentRegex();

    [GeneratedRegex(@"^(?:P?(\d+):)?%([A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex SymRegRegex();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_.]*)\s*:(?!:)")]
    private static partial Regex LabelRegex();

    [GeneratedRegex(@"^(~\s*exists|exists|forall|final|locations|filter)\b")]
    private static partial Regex ConditionStartRegex();

    // ---- condition lexer ---------------------------------------------------------------------

    private enum TokKind { Word, Punct, End }

    private readonly record struct Tok(TokKind Kind, string Text, int Line);

    private sealed class CondLexer(string[] lines, int startLine, string file)
    {
        private int _line = startLine, _col;
        private Tok? _peeked;

        public string File => file;

        public Tok Peek() => _peeked ??= Read();

        public Tok Next()
        {
            var t = Peek();
            _peeked = null;
            return t;
        }

        public void Expect(string text)
        {
            var t = Next();
            if (t.Text != text)
            {
                if (t.Kind == TokKind.End) throw new LitmusException(file, t.Line, $"unterminated condition: expected '{text}'");
                throw new LitmusException(file, t.Line, $"expected '{text}', got '{t.Text}'");
            }
        }

        private Tok Read()
        {
            while (_line < lines.Length)
            {
                string s = lines[_line];
                while (_col < s.Length && char.IsWhiteSpace(s[_col])) _col++;
                if (_col >= s.Length)
                {
                    _line++;
                    _col = 0;
                    continue;
                }
                int ln = _line + 1;
                char c = s[_col];
                string two = _col + 1 < s.Length ? s.Substring(_col, 2) : "";
                if (two is "/\\" or "\\/" or "=>")
                {
                    _col += 2;
                    return new Tok(TokKind.Punct, two, ln);
                }
                if (c is '(' or ')' or '[' or ']' or '=' or '~' or ';' or ',')
                {
                    _col++;
                    return new Tok(TokKind.Punct, c.ToString(), ln);
                }
                if (char.IsLetterOrDigit(c) || c == '_' || c == '-')
                {
                    int start = _col++;
                    while (_col < s.Length && (char.IsLetterOrDigit(s[_col]) || s[_col] is '_' or ':' or '.')) _col++;
                    return new Tok(TokKind.Word, s[start.._col], ln);
                }
                _col++;
                return new Tok(TokKind.Punct, c.ToString(), ln);
            }
            return new Tok(TokKind.End, "end of file", lines.Length);
        }
    }
}
