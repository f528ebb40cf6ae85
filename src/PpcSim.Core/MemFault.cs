namespace PpcSim.Core;

/// <summary>Outcome of a memory access through a <see cref="MemoryPort"/>.</summary>
public enum MemFault : byte
{
    None = 0,
    /// <summary>No mapping: a data/instruction storage interrupt (SIGSEGV in user mode).</summary>
    Unmapped,
    /// <summary>Mapped, but the access kind is not permitted.</summary>
    Protection,
    /// <summary>Alignment interrupt (e.g. larx/stcx not naturally aligned).</summary>
    Alignment,
    /// <summary>The access hit a device or bus error.</summary>
    Bus,
}
