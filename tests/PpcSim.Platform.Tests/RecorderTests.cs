using System.Buffers.Binary;
using PpcSim.Core;
using PpcSim.Platform.Recording;

namespace PpcSim.Platform.Tests;

/// <summary>
/// The simulator's own record (SystemRecorder, CorruptionChain) on guest/explain.S: a doorbell
/// handler that stores FPSCR through f0 and returns with the math bits still set, while the
/// interrupted loop keeps storing vs0 into a buffer that is then DMA'd to disk.
/// </summary>
public class RecorderTests
{
    private const ulong P = 0x00007fff80010010UL;
    private const ulong HandlerAddress = 0x1000;
    private static readonly Lazy<byte[]> s_image = new(() => GuestImage.Build("explain"));

    private static SystemMachine Boot(bool fix, SystemRecorder? recorder = null)
    {
        var m = new SystemMachine(new MachineConfig { Cores = 2, Seed = 5 });
        m.LoadFlatImage(s_image.Value);
        m.Ram.WriteLe(0x7400, 8, fix ? 1UL : 0);
        if (recorder != null) m.Attach(recorder);
        var reason = m.Run(maxCycles: 20_000_000);
        Assert.True(reason == MachineStopReason.PowerOff, $"{reason}: {m.Diagnosis}\nconsole: {m.Console}");
        Assert.Equal(42, m.SimControl.ExitStatus);
        Assert.Equal(1UL, m.Ram.ReadLe(0x7200, 8)); // exactly one doorbell taken
        return m;
    }

    private static SystemRecorder Recorder(ulong pa)
    {
        var r = new SystemRecorder { RegisterProvenance = true };
        r.AddSymbol(HandlerAddress, "doorbell_handler");
        r.WatchPhysical(pa, 8);
        return r;
    }

    [Fact]
    public void ChainNamesTheStoreTheMffsClobberTheDoorbellAndItsSender()
    {
        // The run as anyone would make it: no recorder. The disk shows the damage; the device says where it came from.
        var plain = Boot(fix: false);
        ulong disk0 = BinaryPrimitives.ReadUInt64LittleEndian(plain.BlockDevice!.Disk);
        ulong fpscr = plain.Ram.ReadLe(0x7300, 8);
        Assert.NotEqual(P, disk0);
        Assert.Equal(fpscr, disk0);
        Assert.True(plain.BlockDevice.TryGetSectorSource(0, out var src));
        Assert.Equal(0x20000UL, src.PhysicalAddress);

        // The replay: same seed, watching the 8 bad bytes, with register provenance.
        var rec = Recorder(src.PhysicalAddress);
        var replay = Boot(fix: false, rec);
        Assert.Equal(plain.StateHash(), replay.StateHash()); // recording changed nothing
        Assert.Equal(plain.Cpus[0].Cycles, replay.Cpus[0].Cycles);

        var store = CorruptionChain.FindStore(rec, src.PhysicalAddress, 8, src.Cycle);
        Assert.NotNull(store);
        Assert.StartsWith("stxvd2x", store.Instruction);
        Assert.Equal("vs0", store.Register);
        Assert.Equal(disk0, store.Value);
        Assert.Equal(0, store.Core);
        Assert.True(store.Cycle > rec.Events.First(e => e.Kind == TimelineEventKind.Interrupt).Cycle, "the recorded store is the one after the interrupt: the watched page left the fast path");

        var chain = CorruptionChain.Build(rec, store, a => a >= HandlerAddress && a < HandlerAddress + 0x48 ? $"doorbell_handler+0x{a - HandlerAddress:x}" : $"0x{a:x}");
        var text = string.Join("\n", chain.Lines);
        Assert.DoesNotContain("cannot establish", text);
        var clobber = chain.Clobber!.Value;
        Assert.StartsWith("mffs", clobber.Text);
        Assert.Equal(0, clobber.Core);
        Assert.InRange(clobber.Pc, HandlerAddress, HandlerAddress + 0x48);
        Assert.Equal("mffs", Op(clobber.Word));
        Assert.True(clobber.Cycle < store.Cycle);
        Assert.Equal(Interrupt.DirectedHypervisorDoorbell, chain.Interrupt!.Interrupt);
        Assert.True(chain.Interrupt.Cycle <= clobber.Cycle);
        Assert.NotEqual(0UL, chain.Interrupt.Msr & Msr.VSX);
        Assert.Equal(chain.Interrupt.Pc, chain.Return!.Pc);   // hrfid resumed the interrupted loop
        Assert.NotEqual(0UL, chain.Return.Msr & Msr.FP);
        Assert.Equal(["doorbell_handler"], chain.ExitPath.Select(e => e.Symbol));
        Assert.Equal(1, chain.Doorbell!.Core);
        Assert.Equal(0, chain.Doorbell.TargetCore);
        Assert.Equal("msgsnd", Op(replay.Cpus[1].PeekOp(chain.Doorbell.Pc, out _)));
        Assert.True(chain.Doorbell.DeliveryCycle <= chain.Interrupt.Cycle);
        Assert.Contains("clobber: vs0 was last written on core 0 at cycle " + clobber.Cycle + " by doorbell_handler+0x1c", text);
    }

    [Fact]
    public void WithTheFixTheLastWriterOfVs0IsTheReloadAndTheDiskIsIntact()
    {
        var plain = Boot(fix: true);
        Assert.Equal(P, BinaryPrimitives.ReadUInt64LittleEndian(plain.BlockDevice!.Disk));
        var rec = Recorder(0x20000);
        Boot(fix: true, rec);
        var store = CorruptionChain.FindStore(rec, 0x20000, 8)!;
        Assert.Equal(P, store.Value);
        var chain = CorruptionChain.Build(rec, store, a => $"0x{a:x}");
        Assert.StartsWith("lxvd2x", chain.Clobber!.Value.Text);
    }

    [Fact]
    public void CopiedBytesNameTheLoadAndTheAddressItRead()
    {
        var rec = Recorder(0x21000);
        Boot(fix: false, rec);
        var store = CorruptionChain.FindStore(rec, 0x21000, 8)!;
        Assert.StartsWith("std", store.Instruction);
        Assert.Equal("r14", store.Register);
        var w = store.Writer!.Value;
        Assert.StartsWith("ld", w.Text);
        Assert.Equal((0x20000UL, 8), (w.LoadAddress, w.LoadSize));
        Assert.Equal(0x20000UL, store.SourcePhysicalAddress);
        Assert.Equal(rec.GprWriter(0, 14), w);
        Assert.Equal(0x82004000UL, store.Value);
    }

    [Fact]
    public void TimelineHasTheDoorbellInterruptReturnAndDma()
    {
        var rec = new SystemRecorder();
        var m = Boot(fix: false, rec);
        var ev = rec.Events;
        var bell = Assert.Single(ev, e => e.Kind == TimelineEventKind.DoorbellSent);
        Assert.Equal((0u, 0, 1), (bell.TargetPir, bell.TargetCore, bell.Core));
        Assert.Equal(m.Config.IpiLatencyCycles, bell.DeliveryCycle - bell.Cycle);
        var intr = Assert.Single(ev, e => e.Kind == TimelineEventKind.Interrupt);
        Assert.Equal(Interrupt.DirectedHypervisorDoorbell, intr.Interrupt);
        Assert.True(intr.Cycle >= bell.DeliveryCycle);
        Assert.Contains(ev, e => e.Kind == TimelineEventKind.Return && e.Core == 0 && e.Pc == intr.Pc && !e.ToUser);
        var dma = Assert.Single(ev, e => e.Kind == TimelineEventKind.BlockDma);
        Assert.True(dma.DiskWrite);
        Assert.Equal((0UL, 0x20000UL, 4096u), (dma.Sector, dma.PhysicalAddress, dma.Length));
        Assert.DoesNotContain(ev, e => e.Kind == TimelineEventKind.Store); // nothing watched
        Assert.Null(rec.VsrWriter(0, 0)); // provenance off
        Assert.Null(rec.GprWriter(0, 14));
    }

    private static string Op(uint word) => Isa.IsaTable.Get(Isa.Decoder.Instance.Decode(word)).Name;
    private static string Op(Isa.Op op) => Isa.IsaTable.Get(op).Name;
}
