namespace PpcSim.Memory.Mmu;

/// <summary>The thread state translation depends on (MSR bits and the MMU registers).</summary>
public readonly record struct TranslationContext(bool Relocate, bool Problem, bool Hypervisor, ulong Ptcr, ulong Lpid, ulong Pid);
