namespace PpcSim.Litmus;

/// <summary>An integer or a symbolic address (the name of a memory location).</summary>
public readonly record struct LitmusValue(long Number, string? Symbol)
{
    public bool IsSymbol => Symbol != null;

    public static LitmusValue Int(long n) => new(n, null);
    public static LitmusValue Sym(string s) => new(0, s);

    public override string ToString() => Symbol ?? Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
