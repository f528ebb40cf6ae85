namespace PpcSim.Isa;

/// <summary>An extended mnemonic (objdump's preferred form) of a base instruction.</summary>
public sealed class AliasSpec
{
    public AliasSpec(string name, Op baseOp, uint mask, uint match, string[] equal, string asm, string dialect, string source)
    {
        Name = name;
        BaseOp = baseOp;
        Mask = mask;
        Match = match;
        Equal = equal.Select(e => { int i = e.IndexOf('='); return (e[..i], e[(i + 1)..]); }).ToArray();
        Asm = asm;
        Dialect = dialect;
        Source = source;
    }

    public string Name { get; }
    public Op BaseOp { get; }
    public uint Mask { get; }
    public uint Match { get; }
    /// <summary>Pairs of fields that must hold the same value (mr: rb = rs).</summary>
    public (string A, string B)[] Equal { get; }
    public string Asm { get; }
    public string Dialect { get; }
    public string Source { get; }

    public bool Matches(uint word)
    {
        if ((word & Mask) != Match) return false;
        foreach (var (a, b) in Equal)
            if (IsaTable.FieldByName(a).Raw(word) != IsaTable.FieldByName(b).Raw(word)) return false;
        return true;
    }

    public override string ToString() => $"{Name} -> {BaseOp} ({Source})";
}
