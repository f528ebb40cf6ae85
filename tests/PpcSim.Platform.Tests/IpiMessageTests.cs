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
    private ulong StaleMessages(bool sync, StorageModel model)
    {
        ulong stale = 0;
        var hashes = new HashSet<ulong>();
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var image = (byte[])s_image.Value.Clone();
            BitConverter.TryWriteBytes(image.AsSpan(0x2000), sync ? 1u : 0u);
            // Doorbell delivery faster than the slowest store propagation, and a scheduler quantum
            // finer than both (with the default 2000 cycles a spinning receiver runs so far ahead
            // that it takes every doorbell long after the message became visible).
            var config = new MachineConfig
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
            output.WriteLine($"seed {seed}: stale {m.Ram.ReadLe(0x7000, 4)} recorded {m.StoresRecorded} stale_reads {m.StaleReads} {m.OverlayCounters} cycles {string.Join(",", m.Cpus.Select(c => c.Cycles))}");
            if (seed == 1)
            {
                var again = new SystemMachine(config);
                again.LoadFlatImage(image);
                again.Run(maxCycles: 50_000_000);
                Assert.Equal(m.StateHash(), again.StateHash());
            }
        }
        output.WriteLine($"model={model} sync={(sync ? "on" : "off")}: {stale} of {Seeds * Rounds} messages read stale by the receiver");
        return stale;
    }

    [Fact]
    public void WithoutSyncTheReceiverSometimesReadsTheOldMessage() => Assert.True(StaleMessages(sync: false, StorageModel.Power) > 0);

    [Fact]
    public void WithSyncBeforeMsgsndNoMessageIsLost() => Assert.Equal(0UL, StaleMessages(sync: true, StorageModel.Power));

    [Fact]
    public void SequentialConsistencyNeverLosesOne() => Assert.Equal(0UL, StaleMessages(sync: false, StorageModel.Sc));
}
