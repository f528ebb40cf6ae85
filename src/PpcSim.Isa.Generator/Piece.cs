namespace PpcSim.Isa.Generator;

/// <summary>A run of bits of one field inside the 32-bit word (LSB-0 positions).</summary>
internal readonly struct Piece
{
    public Piece(string field, int shift, int width, int valueShift)
    {
        Field = field;
        Shift = shift;
        Width = width;
        ValueShift = valueShift;
    }

    public string Field { get; }
    public int Shift { get; }
    public int Width { get; }
    public int ValueShift { get; }
}
