using PpcSim.Core;

namespace PpcSim.GdbStub;

/// <summary>
/// Why the target stopped. <see cref="Signal"/> uses gdb's signal numbers (GDB_SIGNAL_*: the
/// classic Unix numbering, where SIGBUS is 10), not the guest kernel's.
/// </summary>
public sealed record StopEvent(StopKind Kind, int ThreadId, int Signal = GdbSignal.Trap, ulong Address = 0, WatchKind WatchKind = WatchKind.Write, int ExitCode = 0)
{
    public bool ProcessEnded => Kind is StopKind.Exited or StopKind.Terminated;
}
