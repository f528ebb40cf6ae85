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
        Relations = equal.Select(FieldRelation.Parse).ToArray();
        Asm = asm;
        Dialect = dialect;
        Source = source;
    }

    public string Name { get; }
    public Op BaseOp { get; }
    public uint Mask { get; }
    public uint Match { get; }
    /// <summary>Relations between fields (mr: rb = rs; slwi: me = 31 - sh).</summary>
    public FieldRelation[] Relations { get; }
    /// <summary>objdump refuses these words (prints .long) although the instruction decodes.</summary>
    public bool IsInvalid => Name == ".long";
    public string Asm { get; }
    public string Dialect { get; }
    /// <summary>dialect=asm: an assembler convenience (sub, subi, la) that objdump never prints.</summary>
    public bool AssemblerOnly => Dialect == "asm";
    public string Source { get; }

    public bool Matches(uint word)
    {
        if ((word & Mask) != Match) return false;
        foreach (var r in Relations)
            if (!r.Holds(word)) return false;
        return true;
    }

    public override string ToString() => $"{Name} -> {BaseOp} ({Source})";
}
