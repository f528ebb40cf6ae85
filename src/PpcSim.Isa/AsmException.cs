namespace PpcSim.Isa;

/// <summary>Bad assembly input (unknown mnemonic, bad operand, value out of range).</summary>
public sealed class AsmException(string message) : Exception(message);
