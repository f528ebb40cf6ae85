namespace PpcSim.GdbStub;

/// <summary>How a gdb session ended.</summary>
public enum SessionEnd
{
    /// <summary>gdb sent k or vKill.</summary>
    Killed,
    /// <summary>gdb sent D: the program may run on without the debugger.</summary>
    Detached,
    /// <summary>The connection closed or carried something that is not RSP.</summary>
    Disconnected,
}
