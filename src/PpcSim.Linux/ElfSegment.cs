namespace PpcSim.Linux;

/// <summary>A PT_LOAD segment: file bytes, memory size and protection flags (PF_R=4, PF_W=2, PF_X=1).</summary>
public sealed record ElfSegment(ulong VirtualAddress, ulong MemorySize, byte[] FileData, uint Flags, ulong Alignment);
