namespace PpcSim.Platform;

public enum MachineStopReason
{
    /// <summary>The guest powered off through the simulator-control device.</summary>
    PowerOff,
    /// <summary>A cycle limit was reached.</summary>
    CycleLimit,
    /// <summary>Every thread is stopped and nothing can wake one.</summary>
    Hang,
    /// <summary>An interrupt arrived while MSR[RI]=0 (a fault inside the fault handler).</summary>
    Unrecoverable,
    /// <summary>The same interrupt at the same address over and over without progress.</summary>
    InterruptStorm,
    /// <summary>The console printed the stop text the caller asked for.</summary>
    ConsoleMatch,
    /// <summary>A debugger's instruction limit (<see cref="SystemMachine.StopAtRetired"/>, <see cref="SystemMachine.StepThread"/>) was reached.</summary>
    DebugLimit,
    /// <summary>A thread hit a debugger breakpoint or watchpoint (<see cref="SystemMachine.DebugThread"/>).</summary>
    DebugStop,
}
