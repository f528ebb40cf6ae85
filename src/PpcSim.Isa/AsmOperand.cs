namespace PpcSim.Isa;

/// <summary>
/// One operand of an asm template: a field, optionally "field(base)", optionally omitted when zero;
/// or a literal number (an extended mnemonic's fixed operand, e.g. xxspltd's "1" for DM=3);
/// or a field printed as Offset - value ("31-me": clrrwi prints the count of cleared bits).
/// </summary>
public readonly record struct AsmOperand(string Field, string? Base, bool Optional, bool Negate = false, long Offset = 0)
{
    public bool IsLiteral => Field.Length > 0 && char.IsDigit(Field[0]);

    /// <summary>The number the text shows for a field value.</summary>
    public long Shown(long value) => Negate ? Offset - value : value;

    /// <summary>The field value for a number in the text.</summary>
    public long FromShown(long shown) => Negate ? Offset - shown : shown;
}
