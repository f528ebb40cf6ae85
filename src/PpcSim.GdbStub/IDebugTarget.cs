using PpcSim.Core;

namespace PpcSim.GdbStub;

/// <summary>
/// What the gdb stub needs from a simulated machine. Thread ids are gdb's (1-based, one per
/// hardware thread); a user-mode process has thread 1 only. Every call happens while the target
/// is stopped, on the stub's thread, except that <see cref="Resume"/> polls
/// <c>interruptRequested</c> while it runs.
/// </summary>
public interface IDebugTarget
{
    IReadOnlyList<int> ThreadIds { get; }

    /// <summary>Text for qThreadExtraInfo ("cpu 0", ...).</summary>
    string DescribeThread(int threadId);

    /// <summary>The thread's registers, for reading.</summary>
    Cpu Registers(int threadId);

    /// <summary>Changes registers; false (with a reason) if the target refuses, e.g. in recorded history.</summary>
    bool TryEditRegisters(int threadId, Action<Cpu> edit, out string? error);

    /// <summary>Copies guest memory at a virtual address; returns how many bytes could be read (stops at unmapped memory).</summary>
    int ReadMemory(int threadId, ulong address, Span<byte> destination);

    bool TryWriteMemory(int threadId, ulong address, ReadOnlySpan<byte> data, out string? error);

    bool SetBreakpoint(ulong address, bool insert);

    bool SetWatchpoint(ulong address, ulong length, WatchKind kind, bool insert);

    /// <summary>True if <see cref="ResumeMode.ReverseStep"/> and <see cref="ResumeMode.ReverseContinue"/> work.</summary>
    bool CanReverse { get; }

    /// <summary>Runs (or steps) <paramref name="threadId"/> (-1 = all threads) until something to report.</summary>
    StopEvent Resume(ResumeMode mode, int threadId, Func<bool> interruptRequested);

    /// <summary>The reason of the current stop (the answer to '?').</summary>
    StopEvent LastStop { get; }

    /// <summary>The target description (qXfer:features:read:target.xml).</summary>
    string TargetDescription => PowerRegisters.TargetXml;

    /// <summary>gdb's `monitor CMD`: text to show, or null if the target has no such command.</summary>
    string? Monitor(string command) => null;

    /// <summary>gdb detached: drop breakpoints and watchpoints; the host decides whether the program runs on.</summary>
    void Detach();
}
