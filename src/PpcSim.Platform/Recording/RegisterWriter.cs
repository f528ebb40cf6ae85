namespace PpcSim.Platform.Recording;

/// <summary>
/// The last instruction that wrote a register: thread, address, word, cycle and MSR (register
/// provenance). For a load, also the effective address and size it read, so a copy (memcpy's
/// ld/std, a vector load/store pair) can be followed back to where the bytes came from.
/// </summary>
public readonly record struct RegisterWriter(int Core, ulong Pc, uint Word, ulong Cycle, ulong Msr, ulong? LoadAddress = null, int LoadSize = 0)
{
    /// <summary>The instruction as objdump prints it.</summary>
    public string Text => Isa.Disassembler.Disassemble(Word, Pc);
}
