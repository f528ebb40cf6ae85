namespace PpcSim.Isa.Generator;

/// <summary>A named instruction field: its operand kind and how its raw bits become a value.</summary>
internal sealed class FieldDef
{
    public FieldDef(string name, string kind, bool signed, int scale, int line, string file, int bias = 0)
    {
        Name = name;
        Bias = bias;
        Kind = kind;
        Signed = signed;
        Scale = scale;
        Line = line;
        File = file;
    }

    public string Name { get; }
    public string Kind { get; }
    public bool Signed { get; }
    /// <summary>Value = raw &lt;&lt; Scale (e.g. DS displacements are scaled by 4).</summary>
    public int Scale { get; }
    /// <summary>Added to the (sign-extended) raw bits before scaling: hashst's offset is 0b1||DX||DW, i.e. raw - 64.</summary>
    public int Bias { get; }
    public int Line { get; }
    public string File { get; }

    /// <summary>Layout seen first, as "shift:width@valueShift;..." — every use must agree.</summary>
    public string? Layout { get; set; }
    public Piece[]? Pieces { get; set; }
    public int Width { get; set; }

    /// <summary>For a part field (<c>part=PARENT:W@S</c>): value bits S..S+W-1 of the parent field.</summary>
    public string? Parent { get; set; }
    public int PartShift { get; set; }
    public int PartWidth { get; set; }
}
