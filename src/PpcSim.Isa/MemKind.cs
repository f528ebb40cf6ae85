namespace PpcSim.Isa;

public enum MemKind : byte { None, Load, Store, LoadReserve, StoreConditional, Cache, LoadStore }
