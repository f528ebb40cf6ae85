using PpcSim.Isa;

namespace PpcSim.Core;

/// <summary>
/// A recorder watching one or more threads (see <see cref="Cpu.Observer"/>). It is consulted only
/// when an instruction is decoded into the decode cache: the addresses and ops it wants are given
/// a wrapping handler, so an unobserved instruction runs exactly as fast as without an observer.
/// Observing must not change the simulation (no state, no cycles).
/// </summary>
public interface ICpuObserver
{
    /// <summary>True if executing <paramref name="op"/> at <paramref name="pc"/> must be reported (decided once per decode).</summary>
    bool Wants(ulong pc, Op op);

    /// <summary>Before a wanted instruction executes (Pc is its address).</summary>
    void Before(Cpu c, uint word, Op op);

    /// <summary>After a wanted instruction completed without raising an interrupt (Pc still its address, Nia the next).</summary>
    void After(Cpu c, uint word, Op op);
}
