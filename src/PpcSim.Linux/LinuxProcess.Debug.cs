using PpcSim.Core;

namespace PpcSim.Linux;

// Hooks for drivers other than Run (the gdb stub): they run the Cpu themselves and hand each
// stop with a pending interrupt back here.
public sealed partial class LinuxProcess
{
    /// <summary>
    /// Services the Cpu's pending interrupt as <see cref="Run"/> does: a system call, or a fault that
    /// becomes a signal (handler frame or termination); then delivers signals made pending.
    /// </summary>
    public void ServicePending()
    {
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
        if (ExitCode is null && _pendingSignals != 0) DeliverPendingSignals();
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
