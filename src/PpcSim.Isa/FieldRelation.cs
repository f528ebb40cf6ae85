namespace PpcSim.Isa;

/// <summary>
/// An alias's constraint between two fields: A = (Offset + B) or A = (Offset - B) when
/// <see cref="Negate"/>, modulo A's width. Plain equality (mr: rb = rs) has Offset 0;
/// slwi is rlwinm with me = 31 - sh; srwi has sh = 32 - mb (mod 32).
/// </summary>
public readonly record struct FieldRelation(string A, string B, bool Negate, long Offset)
{
    /// <summary>Parses "a=b", "a=C-b", "a=b+C", "a=b-C".</summary>
    public static FieldRelation Parse(string s)
    {
        int eq = s.IndexOf('=');
        string a = s[..eq], rhs = s[(eq + 1)..];
        int op = rhs.IndexOfAny(['+', '-'], 1);
        if (op < 0) return new FieldRelation(a, rhs, false, 0);
        string l = rhs[..op], r = rhs[(op + 1)..];
        if (char.IsDigit(l[0])) return new FieldRelation(a, r, true, long.Parse(l, System.Globalization.CultureInfo.InvariantCulture));
        long c = long.Parse(r, System.Globalization.CultureInfo.InvariantCulture);
        return new FieldRelation(a, l, false, rhs[op] == '-' ? -c : c);
    }

    /// <summary>The value of A that B's raw value implies (before wrapping to A's width).</summary>
    public long AFromB(long b) => Negate ? Offset - b : Offset + b;

    /// <summary>The value of B that A's raw value implies (before wrapping to B's width).</summary>
    public long BFromA(long a) => Negate ? Offset - a : a - Offset;

    public bool Holds(uint word)
    {
        var fa = IsaTable.FieldByName(A);
        long want = AFromB((long)IsaTable.FieldByName(B).Raw(word));
        return fa.Raw(word) == ((ulong)want & WidthMask(fa.Width));
    }

    internal static ulong WidthMask(int w) => w >= 64 ? ulong.MaxValue : (1UL << w) - 1;
}
