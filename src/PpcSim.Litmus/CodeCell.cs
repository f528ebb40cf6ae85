namespace PpcSim.Litmus;

/// <summary>One cell of the code table: labels defined there and the instruction text (may be empty).</summary>
public sealed record CodeCell(IReadOnlyList<string> Labels, string Instruction, int Line);
