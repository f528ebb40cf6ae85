using System.Collections.Generic;

namespace PpcSim.Isa.Generator;

/// <summary>An extended mnemonic: a base instruction with some fields constrained.</summary>
internal sealed class AliasDef
{
    public string Name = "";
    public string Base = "";
    public uint Mask;
    public uint Match;
    /// <summary>field=field equalities, as "a=b" pairs.</summary>
    public List<string> Equal = new List<string>();
    /// <summary>field=value constraints that are not simple bit masks (e.g. split fields), "name=value".</summary>
    public List<string> Values = new List<string>();
    public string Asm = "";
    public string Dialect = "";
    public string File = "";
    public int Line;
}
