namespace PpcSim.Machine.Weak;

/// <summary>How the weak-memory thread engine treats an instruction.</summary>
public enum InsnKind : byte
{
    /// <summary>Register-only computation (fixed point, compare, move): executed by the shared handler.</summary>
    Alu,
    Branch,
    Load,
    Store,
    /// <summary>lwarx/ldarx: a load that sets a reservation.</summary>
    LoadReserve,
    /// <summary>stwcx./stdcx.: a store whose success is decided when it commits.</summary>
    StoreConditional,
    Sync,
    Lwsync,
    Eieio,
    Isync,
    /// <summary>Not modelled by the weak engine (floating point, vector, cache management, system call...).</summary>
    Unsupported,
}
