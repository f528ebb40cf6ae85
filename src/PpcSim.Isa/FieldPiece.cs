namespace PpcSim.Isa;

/// <summary>A run of bits of one field inside the instruction word (LSB-0 shift).</summary>
public readonly record struct FieldPiece(int Shift, int Width, int ValueShift);
