using PpcSim.Core;
using PpcSim.Memory;

namespace PpcSim.GdbStub.Tests;

/// <summary>Cpu.SaveState/RestoreState and PagedMemory's copy-on-write snapshots.</summary>
public class SnapshotTests
{
    [Fact]
    public void OnlyWiringAndCachesAreLeftOutOfCpuSnapshots()
    {
        // A new reference-type field in Cpu must be classified: state (make Cpu.State.cs copy it)
        // or wiring/cache (add it here).
        Assert.Equal(
            ["<Bus>k__BackingField", "<CyclesAtTimebase>k__BackingField", "<Mem>k__BackingField", "<RandomSource>k__BackingField", "<ReadTimebase>k__BackingField", "<TimebaseAtCycles>k__BackingField",
             "_codeEntries", "_codePages", "_debug", "_observer", "_readTlb", "_recentPages", "_recentTags", "_spinFetched", "_spinGpr", "_spinWords", "_writeTlb"],
            Cpu.UnsavedFields);
    }

    [Fact]
    public void CpuStateRoundTrips()
    {
        var mem = new PagedMemory();
        var c = new Cpu(mem);
        c.Gpr[5] = 55;
        c.Vsr[40] = new Vec128(1, 2);
        c.Cr = 0x2000_0000;
        c.Ca = true;
        c.Pc = 0x1000;
        c.Instructions = 99;
        var s = c.SaveState();
        c.Gpr[5] = 0;
        c.Vsr[40] = default;
        c.Cr = 0;
        c.Ca = false;
        c.Pc = 0x2000;
        c.Instructions = 1;
        c.RestoreState(s);
        Assert.Equal(55UL, c.Gpr[5]);
        Assert.Equal(new Vec128(1, 2), c.Vsr[40]);
        Assert.Equal(0x2000_0000u, c.Cr);
        Assert.True(c.Ca);
        Assert.Equal(0x1000UL, c.Pc);
        Assert.Equal(99UL, c.Instructions);
    }

    [Fact]
    public void MemorySnapshotIsCopyOnWriteThroughTheFastPath()
    {
        var mem = new PagedMemory();
        var c = new Cpu(mem);
        mem.Map(0x10000, 0x2000, PageProtection.ReadWrite);
        Assert.True(c.Store64(0x10008, 111)); // fills the write TLB with the live page
        Assert.True(c.Load64(0x10008, out _));  // and the read TLB
        var snap = mem.SaveState();
        Assert.True(c.Store64(0x10008, 222));
        Assert.True(c.Load64(0x10008, out ulong v));
        Assert.Equal(222UL, v);
        mem.Map(0x40000, 0x1000, PageProtection.ReadWrite);
        mem.RestoreState(snap);
        Assert.True(c.Load64(0x10008, out v));
        Assert.Equal(111UL, v);
        Assert.False(mem.IsMapped(0x40000));
        // The snapshot stays usable after more writes.
        Assert.True(c.Store64(0x10008, 333));
        mem.RestoreState(snap);
        Assert.True(c.Load64(0x10008, out v));
        Assert.Equal(111UL, v);
    }

    [Fact]
    public void JournalRecordsHostSideChangesAndPagesReplay()
    {
        var mem = new PagedMemory();
        mem.Map(0x10000, 0x1000, PageProtection.ReadWrite);
        mem.BeginJournal();
        mem.WriteBytes(0x10010, [1, 2, 3]);
        mem.Map(0x20000, 0x1000, PageProtection.Read);
        var touched = mem.EndJournal();
        Assert.Equal([0x10UL, 0x20UL], touched);
        var images = touched.Select(p => (p, mem.CapturePage(p))).ToArray();
        mem.WriteBytes(0x10010, [9, 9, 9]);
        mem.Unmap(0x20000, 0x1000);
        foreach (var (p, img) in images) mem.RestorePage(p, img);
        var b = new byte[3];
        Assert.True(mem.ReadBytes(0x10010, b));
        Assert.Equal(new byte[] { 1, 2, 3 }, b);
        Assert.Equal(PageProtection.Read, mem.ProtectionAt(0x20000));
    }

    [Fact]
    public void BreakpointsAndWatchpointsStopBeforeTheInstruction()
    {
        var mem = new PagedMemory();
        var c = new Cpu(mem);
        mem.Map(0x10000, 0x1000, PageProtection.ReadWrite | PageProtection.Execute);
        mem.Map(0x20000, 0x1000, PageProtection.ReadWrite);
        // li r3,1 ; std r3,0(r4) ; li r5,2 ; b .
        mem.WriteBytes(0x10000, [0x01, 0x00, 0x60, 0x38, 0x00, 0x00, 0x64, 0xf8, 0x02, 0x00, 0xa0, 0x38, 0x00, 0x00, 0x00, 0x48]);
        c.Pc = 0x10000;
        c.Gpr[4] = 0x20008;
        c.SetBreakpoint(0x10008);
        c.SetWatchpoint(0x20008, 8, WatchKind.Write);
        c.Run(100);
        Assert.Equal(Interrupt.DebugStop, c.Pending);
        Assert.Equal(DebugStopKind.Watchpoint, c.DebugStopKind);
        Assert.Equal(0x10004UL, c.Pc);
        Assert.Equal(1UL, c.Instructions);
        var b = new byte[8];
        mem.ReadBytes(0x20008, b);
        Assert.All(b, x => Assert.Equal(0, x)); // the store did not happen
        c.ClearPending();
        c.SuppressDebugStopOnce();
        c.Run(100);
        Assert.Equal(DebugStopKind.Breakpoint, c.DebugStopKind);
        Assert.Equal(0x10008UL, c.Pc);
        mem.ReadBytes(0x20008, b);
        Assert.Equal(1, b[0]);
        c.ClearPending();
        c.ClearBreakpoint(0x10008);
        c.Run(1);
        Assert.Equal(Interrupt.None, c.Pending);
        Assert.Equal(2UL, c.Gpr[5]);
    }
}
