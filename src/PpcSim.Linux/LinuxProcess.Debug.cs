using PpcSim.Core;

namespace PpcSim.Linux;

// Hooks for drivers other than Run (the gdb stub): they run the Cpu themselves and hand each
// stop with a pending interrupt back here. Only a single process is supported this way: a fork
// would need the scheduler Run drives, and an execve replaces the Cpu the driver holds.
public sealed partial class LinuxProcess
{
    /// <summary>
    /// Services the Cpu's pending interrupt as RunSlice does: a system call, or a fault that
    /// becomes a signal (handler frame or termination); then delivers signals made pending.
    /// A call that would block (only another process could wake it) or that forked or exec'd
    /// ends the program with a diagnosis.
    /// </summary>
    public void ServicePending()
    {
        var cpu = Cpu;
        switch (Cpu.Pending)
        {
            case Interrupt.None:
                break;
            case Interrupt.SystemCall:
                Cpu.ClearPending();
                DoSyscall();
                break;
            default:
                HandleFault();
                break;
        }
        if (ExitCode is null && _blockedInSyscall)
        {
            Diag("a system call blocked waiting for another process; a program debugged with --gdb must stay a single process");
            Exit(1);
        }
        else if (ExitCode is null && (_sched.All.Count > 1 || !ReferenceEquals(cpu, Cpu)))
        {
            Diag("fork/vfork/execve under --gdb is not supported (the debugger follows one process)");
            Exit(1);
        }
        if (ExitCode is null && _pendingSignals != 0) DeliverPendingSignals();
        if (ExitCode is not null) OnExit();
    }

    /// <summary>The signal a pending fault becomes (Linux numbering), as <see cref="ServicePending"/> would choose it; 0 for none or a system call.</summary>
    public int PendingFaultSignal() => Cpu.Pending switch
    {
        Interrupt.None or Interrupt.SystemCall => 0,
        Interrupt.DataStorage or Interrupt.InstructionStorage => SigSegv,
        Interrupt.Alignment => SigBus,
        Interrupt.Program when (Cpu.PendingSrr1 & (ulong)ProgramReason.Trap) != 0 => SigTrap,
        Interrupt.Program when (Cpu.PendingSrr1 & (ulong)ProgramReason.FloatingPoint) != 0 => SigFpe,
        _ => SigIll,
    };

    /// <summary>Flushes guest stdout/stderr (Run does this at exit).</summary>
    public void FlushOutput() => FlushStdio();
}
