namespace PpcSim.Platform;

/// <summary>The storage model of the full system (<see cref="MachineConfig.MemoryModel"/>).</summary>
public enum StorageModel : byte
{
    /// <summary>
    /// The Power storage model's visible behaviour: each store reaches each other thread after its
    /// own seeded propagation delay, lwsync/eieio are cumulative, sync waits for acknowledgement
    /// and makes what its thread has seen visible to every thread (see <see cref="StorageOverlay"/>).
    /// </summary>
    Power,

    /// <summary>Sequential consistency: every store visible to all threads at once; barriers cost fixed cycles.</summary>
    Sc,
}
