namespace PpcSim.GdbStub;

/// <summary>gdb's target-independent signal numbers (include/gdb/signals.def) for the stops PpcSim reports.</summary>
public static class GdbSignal
{
    public const int Int = 2, Ill = 4, Trap = 5, Abrt = 6, Fpe = 8, Kill = 9, Bus = 10, Segv = 11;

    /// <summary>Linux signal number to gdb's (they agree below 32 except where Linux moved BUS, USR1, ...).</summary>
    public static int FromLinux(int sig) => sig switch
    {
        7 => Bus,
        10 => 30, // SIGUSR1
        12 => 31, // SIGUSR2
        17 => 20, // SIGCHLD
        18 => 19, // SIGCONT
        19 => 17, // SIGSTOP
        20 => 18, // SIGTSTP
        23 => 16, // SIGURG
        29 => 23, // SIGIO
        30 => 32, // SIGPWR
        31 => 12, // SIGSYS
        16 => 0, // SIGSTKFLT has no gdb number
        _ => sig,
    };
}
