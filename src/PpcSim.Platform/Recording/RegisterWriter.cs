namespace PpcSim.Platform.Recording;

/// <summary>The last instruction that wrote a register: thread, address, word and cycle (register provenance).</summary>
public readonly record struct RegisterWriter(int Core, ulong Pc, uint Word, ulong Cycle, ulong Msr)
{
    /// <summary>The instruction as objdump prints it.</summary>
    public string Text => Isa.Disassembler.Disassemble(Word, Pc);
}
