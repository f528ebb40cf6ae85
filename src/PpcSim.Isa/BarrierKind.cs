namespace PpcSim.Isa;

public enum BarrierKind : byte { None, Sync, Lwsync, Ptesync, Eieio, Isync, Msgsync, Tlbsync }
