namespace PpcSim.GdbStub;

public enum RecordedEventKind
{
    /// <summary>A system call, serviced right after the sc that retired at the event's position.</summary>
    SystemCall,
    /// <summary>A fault turned into a signal (handler frame or termination); the instruction did not retire.</summary>
    Fault,
    /// <summary>gdb changed registers or memory.</summary>
    Edit,
}
