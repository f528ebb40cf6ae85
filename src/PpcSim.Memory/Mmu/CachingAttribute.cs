namespace PpcSim.Memory.Mmu;

/// <summary>PTE ATT field (ISA 3.0 Book III 5.7.10.2): normal memory or the two cache-inhibited kinds.</summary>
public enum CachingAttribute : byte { Normal = 0, NonIdempotentIo = 2, TolerantIo = 3 }
