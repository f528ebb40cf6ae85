namespace PpcSim.Memory.Weak;

/// <summary>The storage model a multicore machine runs on.</summary>
public enum MemoryModel : byte
{
    /// <summary>
    /// POWER (Sarkar et al. PLDI 2011 style): writes propagate to each thread separately,
    /// cumulative barriers, out-of-order and speculative loads. The default.
    /// </summary>
    Power,

    /// <summary>Total store order: in-order cores, one FIFO store buffer per core, multi-copy atomic writes.</summary>
    Tso,

    /// <summary>Sequential consistency: in-order cores, every write visible to all threads at once.</summary>
    Sc,
}
