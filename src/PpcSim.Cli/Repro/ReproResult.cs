namespace PpcSim.Cli.Repro;

/// <summary>
/// What one repro run measured: the disk as the block device holds it after the run (the check
/// of record), the kernel's own report, and the machine's counters.
/// </summary>
public sealed record ReproResult
{
    public required ReproOptions Options { get; init; }
    public required string StopReason { get; init; }
    public string? Diagnosis { get; init; }
    public int? ExitStatus { get; init; }
    /// <summary>The kernel printed its `repro: stats` line (a run that hung or panicked has none).</summary>
    public bool Completed { get; init; }
    public required KernelReport Kernel { get; init; }
    /// <summary>The disk check, or null when it could not run (no block device, or no page/round count known).</summary>
    public DiskReport? Disk { get; init; }
    /// <summary>Why <see cref="Disk"/> is null.</summary>
    public string? DiskUnverifiedReason { get; init; }
    /// <summary>Where the kernel's numbers and the disk disagree, one sentence each (empty: they agree).</summary>
    public IReadOnlyList<string> Disagreements { get; init; } = [];
    /// <summary>The explanation chain from the simulator's own record (the explain extension point; empty without it).</summary>
    public IReadOnlyList<string> SimulatorChain { get; init; } = [];
    public ulong SimCycles { get; init; }
    public ulong SimTimeNs { get; init; }
    public ulong Instructions { get; init; }
    /// <summary>Doorbells (msgsnd/msgsndp) the machine delivered, counted by the simulator.</summary>
    public ulong DoorbellsSent { get; init; }
    /// <summary>Doorbells the receiver took before its sender's earlier stores were visible to it (the simulator's count; 0 under SC or with sync before msgsnd).</summary>
    public ulong IpiMessagesLate { get; init; }
    /// <summary>Sum of the cycles those stores still needed to become visible to the receiver.</summary>
    public ulong IpiLateCycles { get; init; }
    /// <summary>Descriptors the block device processed.</summary>
    public ulong DeviceCompletions { get; init; }
    public ulong CoreHz { get; init; }
    public ulong StateHash { get; init; }
    public string Console { get; init; } = "";

    /// <summary>Corruption of record: the disk when it was verified, otherwise the kernel's read-back check.</summary>
    public bool Corrupted => Disk != null ? Disk.CorruptPages > 0
        : (Kernel.Stat("corrupt_pages") ?? 0) > 0 || (Kernel.Stat("user_exit") ?? 0) != 0;

    /// <summary>"disk" or "kernel": which check <see cref="Corrupted"/> rests on.</summary>
    public string CorruptionSource => Disk != null ? "disk" : "kernel";

    public ulong? CorruptPages => Disk?.CorruptPages ?? Kernel.Stat("corrupt_pages");

    public ulong? Stat(string key) => Kernel.Stat(key);

    /// <summary>Simulated nanoseconds of the repro phase: the kernel's repro_us when printed, else the whole run.</summary>
    public ulong PhaseTimeNs => Kernel.Stat("repro_us") is { } us ? us * 1000 : SimTimeNs;

    /// <summary>Core cycles of the repro phase per completed write (the timing cost of udelay or a barrier).</summary>
    public ulong? CyclesPerWrite => Kernel.Stat("writes_completed") is { } w and > 0
        ? (ulong)((UInt128)PhaseTimeNs * CoreHz / 1_000_000_000UL / w) : null;

    /// <summary>Bytes written per simulated second of the repro phase.</summary>
    public ulong? WriteBytesPerSimSecond => Kernel.Stat("bytes_written") is { } b && PhaseTimeNs > 0
        ? (ulong)((UInt128)b * 1_000_000_000UL / PhaseTimeNs) : null;
}
