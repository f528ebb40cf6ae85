namespace PpcSim.GdbStub;

public enum StopKind
{
    /// <summary>A step finished, or the target stopped with a signal (fault, interrupt request).</summary>
    Signal,
    Breakpoint,
    Watchpoint,
    /// <summary>Reverse execution reached the start of the recorded history.</summary>
    HistoryBegin,
    /// <summary>The program exited (<see cref="StopEvent.ExitCode"/>).</summary>
    Exited,
    /// <summary>The program was ended by a signal (<see cref="StopEvent.Signal"/>).</summary>
    Terminated,
}
