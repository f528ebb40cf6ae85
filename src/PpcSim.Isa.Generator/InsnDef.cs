using System.Collections.Generic;

namespace PpcSim.Isa.Generator;

/// <summary>One decodable instruction after flag expansion (add, add., addo, addo.).</summary>
internal sealed class InsnDef
{
    public string Name = "";
    public string BaseName = "";
    public string OpName = "";
    public string Handler = "";
    public uint Mask;
    public uint Match;
    public List<Piece> Pieces = new List<Piece>();
    public Dictionary<string, string> Attrs = new Dictionary<string, string>();
    public string Suffix = "";
    public string File = "";
    public int Line;
}
