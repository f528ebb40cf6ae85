using PpcSim.Core;
using PpcSim.Platform.Recording;

namespace PpcSim.Platform.Tests;

/// <summary>
/// Stores becoming visible on the timeline: a watched store carries, per thread, the cycle from
/// which that thread can read it (the Power model's propagation). On guest/ipimsg.S (thread 0
/// stores a message word and sends a doorbell, thread 1 reads the word in its 0xE80 handler) the
/// timeline alone shows which doorbells overtook their message, and that the sync prevents it.
/// </summary>
public class StoreVisibilityTimelineTests
{
    private const ulong Msg = 0x5000;
    private const int Rounds = 40, Seeds = 8;
    private static readonly Lazy<byte[]> s_image = new(() => GuestImage.Build("ipimsg"));

    private static MachineConfig Config(ulong seed, StorageModel model) => new()
    {
        // The fast-doorbell timing of IpiMessageTests, where overtaking shows without the sync.
        Cores = 2, Seed = seed, IpiLatencyCycles = 100, IpiJitterCycles = 100, MemoryModel = model,
        QuantumCycles = 50, QuantumJitter = 50,
    };

    private static (SystemMachine Machine, SystemRecorder Recorder) Run(ulong seed, bool sync, StorageModel model)
    {
        var image = (byte[])s_image.Value.Clone();
        Assert.True(BitConverter.TryWriteBytes(image.AsSpan(0x2000), sync ? 1u : 0u));
        var rec = new SystemRecorder();
        rec.WatchPhysical(Msg, 4);
        var m = new SystemMachine(Config(seed, model));
        m.LoadFlatImage(image);
        m.Attach(rec);
        var reason = m.Run(maxCycles: 50_000_000);
        Assert.True(reason == MachineStopReason.PowerOff, $"seed {seed}: {reason}: {m.Diagnosis}");
        Assert.Equal((ulong)Rounds, m.Ram.ReadLe(0x6000, 4));
        return (m, rec);
    }

    /// <summary>Rounds whose doorbell thread 1 took before the round's message store was visible to it, read off the timeline.</summary>
    private static int Overtaken(SystemRecorder rec)
    {
        var stores = rec.Events.Where(e => e.Kind == TimelineEventKind.Store && e.Core == 0 && e.PhysicalAddress == Msg).ToList();
        var taken = rec.Events.Where(e => e.Kind == TimelineEventKind.Interrupt && e.Core == 1 && e.Interrupt == Interrupt.DirectedHypervisorDoorbell).ToList();
        Assert.Equal(Rounds, stores.Count);
        Assert.Equal(Rounds, taken.Count);
        int n = 0;
        for (int k = 0; k < Rounds; k++)
        {
            var vis = stores[k].VisibleAt;
            Assert.NotNull(vis);
            Assert.Equal(stores[k].Cycle, vis[0]); // its writer reads it at once
            Assert.True(vis[1] >= stores[k].Cycle);
            if (vis[1] > taken[k].Cycle) n++;
        }
        return n;
    }

    [Fact]
    public void WithoutSyncTheTimelineShowsDoorbellsOvertakingTheMessage()
    {
        int overtaken = 0;
        ulong stale = 0, detector = 0;
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var (m, rec) = Run(seed, sync: false, StorageModel.Power);
            overtaken += Overtaken(rec);
            stale += m.Ram.ReadLe(0x7000, 4);
            detector += m.DoorbellsOvertakingStores;
        }
        Assert.True(overtaken > 0, "no doorbell overtook its message");
        // Every stale read of the message was a doorbell taken before the message was visible,
        // and the machine's own detector (any of the sender's stores in flight) counts at least as many.
        Assert.InRange((ulong)overtaken, stale, detector);
    }

    [Fact]
    public void WithSyncEveryMessageIsVisibleBeforeItsDoorbellIsTaken()
    {
        for (ulong seed = 1; seed <= Seeds; seed++)
            Assert.Equal(0, Overtaken(Run(seed, sync: true, StorageModel.Power).Recorder));
    }

    [Fact]
    public void UnderScEveryStoreIsVisibleAtOnce()
    {
        var (_, rec) = Run(1, sync: false, StorageModel.Sc);
        foreach (var s in rec.Events.Where(e => e.Kind == TimelineEventKind.Store))
            Assert.All(s.VisibleAt!, v => Assert.Equal(s.Cycle, v));
    }

    [Fact]
    public void WatchingChangesNothing()
    {
        var image = (byte[])s_image.Value.Clone();
        var plain = new SystemMachine(Config(3, StorageModel.Power));
        plain.LoadFlatImage(image);
        plain.Run(maxCycles: 50_000_000);
        var (watched, _) = Run(3, sync: false, StorageModel.Power);
        Assert.Equal(plain.StateHash(), watched.StateHash());
    }

    [Fact]
    public void TheJsonTimelineCarriesVisibleAt()
    {
        var (_, rec) = Run(2, sync: false, StorageModel.Power);
        using var ms = new MemoryStream();
        TimelineJson.Write(rec, ms);
        var lines = System.Text.Encoding.UTF8.GetString(ms.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var store = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).First(e => e.GetProperty("event").GetString() == "store");
        var vis = store.GetProperty("visible_at");
        Assert.Equal(2, vis.GetArrayLength());
        Assert.Equal(store.GetProperty("cycle").GetUInt64(), vis[0].GetUInt64());
        Assert.True(vis[1].GetUInt64() >= vis[0].GetUInt64());
    }
}
