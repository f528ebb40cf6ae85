using PpcSim.Core;

namespace PpcSim.GdbStub;

/// <summary>
/// What <see cref="ReplayTarget"/> needs to give a deterministic machine reverse execution.
/// The machine's own simulation is deterministic; the only things that are not are the host
/// services it performs (system calls, host I/O, seeded values handed out on demand), so those
/// are recorded as opaque effect records while running live and replayed, not redone, in the past.
/// <para>
/// The timeline clock is <see cref="Position"/>: instructions retired by all threads. A machine
/// with several threads (SystemMachine) must make <see cref="Run"/> stop at exactly the requested
/// position and must interleave its threads the same way whatever the budgets were.
/// </para>
/// </summary>
public interface IRecordableMachine
{
    IReadOnlyList<Cpu> Threads { get; }

    /// <summary>Instructions retired so far by all threads.</summary>
    ulong Position { get; }

    /// <summary>
    /// Runs until <see cref="Position"/> has advanced by <paramref name="budget"/>, or a thread stops
    /// with an interrupt the machine does not take by itself: <see cref="Interrupt.DebugStop"/>, or an
    /// event for the host (<see cref="PendingSignal"/>). Returns that thread's index, or -1.
    /// </summary>
    int Run(ulong budget);

    /// <summary>
    /// For a thread that stopped with a host event pending: 0 if it is serviced silently (a system
    /// call), else the gdb signal the event becomes (a fault), which the debugger sees before it
    /// is serviced.
    /// </summary>
    int PendingSignal(int thread);

    /// <summary>Services the thread's pending event for real and returns a record of its effects.</summary>
    object ServiceAndRecord(int thread);

    /// <summary>Runs a debugger edit (registers, memory) and returns a record of its effects.</summary>
    object EditAndRecord(Action edit);

    /// <summary>Re-applies effects recorded by <see cref="ServiceAndRecord"/> or <see cref="EditAndRecord"/>.</summary>
    void Replay(object effects);

    /// <summary>Everything the simulation's future depends on (threads, memory, replay cursors).</summary>
    object Save();

    void Restore(object snapshot);

    /// <summary>Set once the program has exited; null while it runs.</summary>
    int? ExitCode { get; }

    /// <summary>The gdb signal number that ended the program, if one did.</summary>
    int? TerminatingSignal { get; }

    int ReadMemory(ulong address, Span<byte> destination);

    /// <summary>Host-side write (ignores page protections, as ptrace does); false if unmapped.</summary>
    bool WriteMemory(ulong address, ReadOnlySpan<byte> data);
}
