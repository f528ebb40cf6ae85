namespace PpcSim.Linux;

/// <summary>A section with its load address and bytes (code sections feed the disassembler).</summary>
public sealed record ElfSection(string Name, ulong Address, byte[] Data, bool Executable);
