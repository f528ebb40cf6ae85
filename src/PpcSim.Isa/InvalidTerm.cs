using System.Globalization;
using System.Text.RegularExpressions;

namespace PpcSim.Isa;

/// <summary>One term of an invalid="..." attribute: FIELD OP (FIELD | NUMBER), compared on field values.</summary>
internal sealed partial class InvalidTerm
{
    private readonly FieldInfo _left;
    private readonly FieldInfo? _right;
    private readonly long _constant;
    private readonly string _op;

    private InvalidTerm(FieldInfo left, string op, FieldInfo? right, long constant)
    {
        _left = left;
        _op = op;
        _right = right;
        _constant = constant;
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\s*(!=|<=|>=|=|<|>)\s*([A-Za-z_][A-Za-z0-9_]*|-?[0-9]+)$")]
    private static partial Regex TermRegex();

    /// <summary>Parses "a=0|a=b"; the generator has already checked the syntax and the field names.</summary>
    public static InvalidTerm[] ParseAll(string text) => text.Split('|').Select(t =>
    {
        var m = TermRegex().Match(t.Trim());
        if (!m.Success) throw new InvalidOperationException($"bad invalid= term '{t}'");
        string rhs = m.Groups[3].Value;
        return long.TryParse(rhs, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long k)
            ? new InvalidTerm(IsaTable.FieldByName(m.Groups[1].Value), m.Groups[2].Value, null, k)
            : new InvalidTerm(IsaTable.FieldByName(m.Groups[1].Value), m.Groups[2].Value, IsaTable.FieldByName(rhs), 0);
    }).ToArray();

    public bool Holds(uint word)
    {
        long a = _left.Value(word), b = _right?.Value(word) ?? _constant;
        return _op switch
        {
            "=" => a == b,
            "!=" => a != b,
            "<" => a < b,
            "<=" => a <= b,
            ">" => a > b,
            _ => a >= b,
        };
    }
}
