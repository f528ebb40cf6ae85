namespace PpcSim.Isa;

/// <summary>One operand of an asm template: a field, optionally "field(base)", optionally omitted when zero.</summary>
public readonly record struct AsmOperand(string Field, string? Base, bool Optional);
