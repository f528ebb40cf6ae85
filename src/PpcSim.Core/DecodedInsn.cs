namespace PpcSim.Core;

/// <summary>A decode-cache slot: the handler to call and the instruction word it gets.</summary>
public unsafe struct DecodedInsn
{
    public delegate*<Cpu, uint, void> Handler;
    public uint Word;
    public Isa.Op Op;
    /// <summary>Cycles beyond the first this instruction costs (its latency class from isa/).</summary>
    public ushort ExtraCycles;
}
