using Xunit.Abstractions;

namespace PpcSim.Platform.Tests;

/// <summary>
/// The Power model on the IPI path (bug-anatomy.md sections 3 and 5): a message stored before
/// msgsnd without a sync can still be invisible to the receiver when it takes the doorbell (a
/// lost or late reschedule message); with the sync it never is.
/// </summary>
public class IpiMessageTests(ITestOutputHelper output)
{
    private const int Seeds = 20, Rounds = 40;
    private static readonly Lazy<byte[]> s_image = new(() => GuestImage.Build("ipimsg"));

    /// <summary>Stale reads of the message word over all rounds of <see cref="Seeds"/> runs.</summary>
    private ulong StaleMessages(bool sync, StorageModel model) => Run(sync, model).Stale;

    private (ulong Stale, ulong Overtaking) Run(bool sync, StorageModel model, bool kernelTiming = false, ulong missMax = 2000)
    {
        ulong stale = 0, overtaking = 0;
        var hashes = new HashSet<ulong>();
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var image = (byte[])s_image.Value.Clone();
            BitConverter.TryWriteBytes(image.AsSpan(0x2000), sync ? 1u : 0u);
            Assert.True(BitConverter.TryWriteBytes(image.AsSpan(0x2004), kernelTiming ? 1u : 0u));
            // Doorbell delivery faster than the slowest store propagation, and a scheduler quantum
            // finer than both (with the default 2000 cycles a spinning receiver runs so far ahead
            // that it takes every doorbell long after the message became visible).
            var config = kernelTiming
                ? new MachineConfig { Cores = 2, Seed = seed, MemoryModel = model, CoherenceMissMinCycles = Math.Min(300, missMax), CoherenceMissMaxCycles = missMax }
                : new MachineConfig
                {
                    Cores = 2, Seed = seed, IpiLatencyCycles = 100, IpiJitterCycles = 100, MemoryModel = model,
                    QuantumCycles = 50, QuantumJitter = 50,
                };
            var m = new SystemMachine(config);
            m.LoadFlatImage(image);
            var reason = m.Run(maxCycles: 50_000_000);
            Assert.True(reason == MachineStopReason.PowerOff, $"seed {seed}: {reason}: {m.Diagnosis}");
            Assert.Equal((ulong)Rounds, m.Ram.ReadLe(0x6000, 4));
            stale += m.Ram.ReadLe(0x7000, 4);
            overtaking += m.DoorbellsOvertakingStores;
            output.WriteLine($"seed {seed}: stale {m.Ram.ReadLe(0x7000, 4)} overtaking {m.DoorbellsOvertakingStores} late_cycles {m.DoorbellLateCycles} recorded {m.StoresRecorded} stale_reads {m.StaleReads} {m.OverlayCounters} cycles {string.Join(",", m.Cpus.Select(c => c.Cycles))}");
            if (seed == 1)
            {
                var again = new SystemMachine(config);
                again.LoadFlatImage(image);
                again.Run(maxCycles: 50_000_000);
                Assert.Equal(m.StateHash(), again.StateHash());
            }
        }
        output.WriteLine($"model={model} sync={(sync ? "on" : "off")}: {stale} of {Seeds * Rounds} messages read stale by the receiver, {overtaking} doorbells overtook stores");
        return (stale, overtaking);
    }

    [Fact]
    public void WithoutSyncTheReceiverSometimesReadsTheOldMessage() => Assert.True(StaleMessages(sync: false, StorageModel.Power) > 0);

    [Fact]
    public void WithSyncBeforeMsgsndNoMessageIsLost() => Assert.Equal(0UL, StaleMessages(sync: true, StorageModel.Power));

    /// <summary>The simulator's detector sees the doorbell overtake the message exactly when the receiver can read it stale.</summary>
    [Fact]
    public void WithoutSyncDoorbellsOvertakeTheMessage()
    {
        var (stale, overtaking) = Run(sync: false, StorageModel.Power);
        Assert.True(overtaking > 0);
        Assert.True(overtaking >= stale, $"{stale} stale reads but only {overtaking} doorbells overtook a store");
    }

    /// <summary>sync commits every store of its thread before msgsnd: no doorbell can overtake one.</summary>
    [Fact]
    public void WithSyncNoDoorbellOvertakesAStore() => Assert.Equal(0UL, Run(sync: true, StorageModel.Power).Overtaking);

    [Fact]
    public void SequentialConsistencyNoDoorbellOvertakesAStore() => Assert.Equal(0UL, Run(sync: false, StorageModel.Sc).Overtaking);

    /// <summary>
    /// Default machine timing (IPI 1500..2500 cycles, propagation 20..400, quantum 2000) with the
    /// message line ping-ponging between the threads as in the kernel: the coherence miss on the
    /// sender's message store is what lets the doorbell overtake it; without it none does.
    /// </summary>
    [Fact]
    public void CoherenceMissLetsTheDoorbellOvertakeAtDefaultTiming()
    {
        Assert.True(Run(sync: false, StorageModel.Power, kernelTiming: true).Overtaking > 0);
        Assert.Equal(0UL, Run(sync: false, StorageModel.Power, kernelTiming: true, missMax: 0).Overtaking);
        Assert.Equal(0UL, Run(sync: true, StorageModel.Power, kernelTiming: true).Overtaking);
    }

    [Fact]
    public void SequentialConsistencyNeverLosesOne() => Assert.Equal(0UL, StaleMessages(sync: false, StorageModel.Sc));
}
