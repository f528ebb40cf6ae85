using System.Globalization;

namespace PpcSim.Isa;

/// <summary>
/// Small integer expressions as operands use them: numbers (decimal, 0x, 0b), symbols,
/// condition-register names (lt gt eq so un, cr0-cr7), + - * and parentheses, unary minus.
/// </summary>
public sealed class AsmExpression
{
    private readonly string _text;
    private readonly Func<string, long?>? _symbols;
    private int _pos;

    private AsmExpression(string text, Func<string, long?>? symbols)
    {
        _text = text;
        _symbols = symbols;
    }

    public static long Evaluate(string text, Func<string, long?>? symbols = null)
    {
        var e = new AsmExpression(text.Trim(), symbols);
        long v = e.Sum();
        e.SkipWs();
        if (e._pos != e._text.Length) throw new AsmException($"unexpected '{e._text[e._pos..]}' in expression '{text}'");
        return v;
    }

    private void SkipWs()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private long Sum()
    {
        long v = Product();
        while (true)
        {
            SkipWs();
            if (_pos < _text.Length && _text[_pos] == '+') { _pos++; v += Product(); }
            else if (_pos < _text.Length && _text[_pos] == '-') { _pos++; v -= Product(); }
            else return v;
        }
    }

    private long Product()
    {
        long v = Unary();
        while (true)
        {
            SkipWs();
            if (_pos < _text.Length && _text[_pos] == '*') { _pos++; v *= Unary(); }
            else return v;
        }
    }

    private long Unary()
    {
        SkipWs();
        if (_pos >= _text.Length) throw new AsmException($"expression '{_text}' ends early");
        char c = _text[_pos];
        if (c == '-') { _pos++; return -Unary(); }
        if (c == '+') { _pos++; return Unary(); }
        if (c == '(')
        {
            _pos++;
            long v = Sum();
            SkipWs();
            if (_pos >= _text.Length || _text[_pos] != ')') throw new AsmException($"missing ')' in '{_text}'");
            _pos++;
            return v;
        }
        int start = _pos;
        if (char.IsDigit(c))
        {
            while (_pos < _text.Length && char.IsLetterOrDigit(_text[_pos])) _pos++;
            string num = _text[start.._pos];
            if (num.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && ulong.TryParse(num[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong h)) return (long)h;
            if (num.StartsWith("0b", StringComparison.OrdinalIgnoreCase)) return Convert.ToInt64(num[2..], 2);
            if (ulong.TryParse(num, NumberStyles.None, CultureInfo.InvariantCulture, out ulong d)) return (long)d;
            throw new AsmException($"bad number '{num}'");
        }
        if (char.IsLetter(c) || c == '_' || c == '.' || c == '$')
        {
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.' or '$')) _pos++;
            string id = _text[start.._pos];
            switch (id)
            {
                case "lt": return 0;
                case "gt": return 1;
                case "eq": return 2;
                case "so": case "un": return 3;
            }
            if (id.Length == 3 && id.StartsWith("cr", StringComparison.Ordinal) && id[2] is >= '0' and <= '7') return id[2] - '0';
            long? sym = _symbols?.Invoke(id);
            if (sym is null) throw new AsmException($"undefined symbol '{id}'");
            return sym.Value;
        }
        throw new AsmException($"unexpected '{c}' in expression '{_text}'");
    }
}
