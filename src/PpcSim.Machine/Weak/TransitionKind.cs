namespace PpcSim.Machine.Weak;

/// <summary>The choices the scheduler makes; everything else in a thread happens eagerly.</summary>
public enum TransitionKind : byte
{
    /// <summary>A thread satisfies a load, from its view of storage or by forwarding from its own uncommitted store.</summary>
    SatisfyLoad,
    /// <summary>A thread commits a store: storage accepts the write (a store conditional succeeds or fails here).</summary>
    CommitStore,
    /// <summary>A thread commits sync/lwsync/eieio: storage accepts the barrier.</summary>
    CommitBarrier,
    /// <summary>Fetch speculates past an unresolved conditional branch, taken or not taken.</summary>
    FetchTaken,
    FetchNotTaken,
    /// <summary>Storage propagates a write or barrier to one more thread.</summary>
    Propagate,
    /// <summary>TSO: the oldest write of a store buffer reaches every other thread.</summary>
    Drain,
}
