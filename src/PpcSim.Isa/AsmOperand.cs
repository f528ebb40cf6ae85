namespace PpcSim.Isa;

/// <summary>
/// One operand of an asm template: a field, optionally "field(base)", optionally omitted when zero;
/// or a literal number (an extended mnemonic's fixed operand, e.g. xxspltd's "1" for DM=3).
/// </summary>
public readonly record struct AsmOperand(string Field, string? Base, bool Optional)
{
    public bool IsLiteral => Field.Length > 0 && char.IsDigit(Field[0]);
}
