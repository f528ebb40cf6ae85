namespace PpcSim.Memory.Mmu;

public enum AccessKind : byte { Read, Write, Execute }
