namespace PpcSim.Linux;

/// <summary>
/// The processes of one run (the first one and its forks). Runs them round-robin in fixed
/// instruction slices, in pid order, so a run with several processes stays deterministic.
/// Time is global: the timebase counts every process's instructions plus simulated sleeps.
/// </summary>
internal sealed class GuestScheduler
{
    public const long Slice = 1 << 20;

    /// <summary>Every process not yet reaped (zombies included), in pid order.</summary>
    public List<LinuxProcess> All { get; } = [];
    public IEnumerable<LinuxProcess> Live => All.Where(p => p.ExitCode is null);
    public uint NextPid { get; set; } = LinuxProcess.GuestPid + 1;
    public ulong SleptTicks { get; set; }
    /// <summary>Instructions of reaped processes and of images replaced by execve.</summary>
    public ulong RetiredElsewhere { get; set; }

    public ulong TotalInstructions
    {
        get
        {
            ulong n = RetiredElsewhere;
            foreach (var p in All) n += p.Cpu.Instructions;
            return n;
        }
    }

    public ulong Ticks => TotalInstructions + SleptTicks;
}
