namespace PpcSim.Platform;

/// <summary>Configuration of a simulated machine. Defaults model a POWER9 at 3.8 GHz with a 512 MHz timebase.</summary>
public sealed record MachineConfig
{
    public int Cores { get; init; } = 1;
    public ulong Seed { get; init; } = 1;
    public ulong RamBytes { get; init; } = 256UL << 20;
    public ulong CoreHz { get; init; } = 3_800_000_000UL;
    public ulong TimebaseHz { get; init; } = 512_000_000UL;
    /// <summary>Most cycles a thread may run ahead of the thread furthest behind before switching.</summary>
    public ulong QuantumCycles { get; init; } = 2000;
    /// <summary>Seeded jitter added to each quantum (0..N cycles), so interleavings vary with the seed.</summary>
    public ulong QuantumJitter { get; init; } = 500;
    public ulong IpiLatencyCycles { get; init; } = 1500;
    /// <summary>Seeded jitter added to each doorbell's delivery (0..N cycles).</summary>
    public ulong IpiJitterCycles { get; init; } = 0;
    /// <summary>The storage model: Power (non-multi-copy-atomic, the default) or sequentially consistent.</summary>
    public StorageModel MemoryModel { get; init; } = StorageModel.Power;
    /// <summary>Power model: fewest cycles before a store becomes visible to another thread.</summary>
    public ulong PropagationMinCycles { get; init; } = 20;
    /// <summary>Power model: most cycles before a store becomes visible to another thread (seeded, per destination).</summary>
    public ulong PropagationMaxCycles { get; init; } = 400;
    /// <summary>Power model: stores in flight at most (a full ring commits everything; a power of two).</summary>
    public int StorageOverlayEntries { get; init; } = 1 << 16;
    public ulong MmioLatencyCycles { get; init; } = 200;
    /// <summary>sync/ptesync: fixed cost under SC; under Power the least it costs (it also waits for acknowledgement).</summary>
    public ulong SyncCycles { get; init; } = 60;
    public ulong LwsyncCycles { get; init; } = 20;
    public ulong IsyncCycles { get; init; } = 10;
    /// <summary>One stwcx. in this many fails spuriously (0 = never); seeded.</summary>
    public ulong SpuriousStcxOneIn { get; init; } = 4096;
    /// <summary>Size of the PpcSim block device's disk image in bytes (0: no block device).</summary>
    public ulong BlockDeviceBytes { get; init; } = 4UL << 20;
    /// <summary>Block device: cycles from the doorbell (or the previous completion) to processing a descriptor (5 us at 3.8 GHz).</summary>
    public ulong BlockLatencyCycles { get; init; } = 19_000;
    /// <summary>Block device: extra cycles per 512-byte sector transferred.</summary>
    public ulong BlockCyclesPerSector { get; init; } = 400;
    /// <summary>Block device: seeded jitter added to each descriptor's latency (0..N cycles).</summary>
    public ulong BlockJitterCycles { get; init; } = 3_800;
    /// <summary>Stop the run after this many simulated cycles on the slowest thread (0 = no limit).</summary>
    public ulong MaxCycles { get; init; } = 0;
    /// <summary>Thread PIRs; POWER9 SMT4 numbering as QEMU powernv9 shows it (core n, thread 0 = 4n).</summary>
    public Func<int, uint> PirOf { get; init; } = i => (uint)(i * 4);
}
