namespace PpcSim.Platform.Recording;

/// <summary>What a <see cref="TimelineEvent"/> records.</summary>
public enum TimelineEventKind
{
    /// <summary>A thread took an interrupt (kind, vector, SRR0/HSRR0 = interrupted pc, MSR before).</summary>
    Interrupt,
    /// <summary>rfid/hrfid completed (landing pc and MSR; <see cref="TimelineEvent.ToUser"/> when it entered problem state).</summary>
    Return,
    /// <summary>msgsnd/msgsndp sent a doorbell (sender pc, target PIR, delivery cycle).</summary>
    DoorbellSent,
    /// <summary>A block-device transfer (disk sectors from/to a real address range).</summary>
    BlockDma,
    /// <summary>Entry to a probed symbol (a kernel function's first instruction executed).</summary>
    SymbolHit,
    /// <summary>A store by a thread overlapping a watched real address range.</summary>
    Store,
}
