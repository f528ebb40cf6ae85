namespace PpcSim.Core;

/// <summary>
/// What a hardware thread needs from the machine around it for Book III operations: doorbell
/// messages to other threads, TLB invalidations broadcast by tlbie, and idling in stop.
/// User-mode runs have no bus (those instructions are privileged there).
/// </summary>
public interface ISystemBus
{
    /// <summary>msgsnd/msgsndp: deliver a doorbell of <paramref name="kind"/> to the thread(s) <paramref name="rb"/> names.</summary>
    void SendDoorbell(Cpu from, DoorbellKind kind, ulong rb);

    /// <summary>tlbie: invalidate translations on every thread (after the storage model's ordering).</summary>
    void BroadcastTlbInvalidate(Cpu from, ulong rb, ulong rs, int ric, int prs, int r);

    /// <summary>stop: the thread idles until an interrupt condition exists (the machine fast-forwards time).</summary>
    void Idle(Cpu c);
}
