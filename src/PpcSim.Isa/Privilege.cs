namespace PpcSim.Isa;

public enum Privilege : byte { User, Supervisor, Hypervisor }
