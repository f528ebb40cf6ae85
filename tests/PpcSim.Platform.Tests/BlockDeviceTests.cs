using System.Buffers.Binary;
using PpcSim.Core;
using PpcSim.Devices;
using PpcSim.Platform;
using PpcSim.TestSupport;

namespace PpcSim.Platform.Tests;

/// <summary>The PpcSim block device (firmware/README.md "Block device") driven by a bare-metal guest and from the host.</summary>
public class BlockDeviceTests
{
    private static byte[] BuildGuest() => GuestImage.Build("blkdev");

    [Fact]
    public void WriteDescriptorDmasAtProcessingTimeAndInterruptsTheTargetThread()
    {
        var m = new SystemMachine(new MachineConfig { Cores = 2, Seed = 9 });
        m.LoadFlatImage(BuildGuest());
        var reason = m.Run(maxCycles: 50_000_000);
        Assert.True(reason == MachineStopReason.PowerOff, $"{reason}: {m.Diagnosis}\nconsole: {m.Console}");
        Assert.Equal(42, m.SimControl.ExitStatus);
        ulong Rd(ulong pa) => m.Ram.ReadLe(pa, 8);
        Assert.Equal(4UL, Rd(0x7030));                      // taken by PIR 4, the IRQ_TARGET
        Assert.Equal(Interrupt.External, m.Cpus[1].LastInterrupt);
        Assert.Equal(0UL, m.Cpus[0].InterruptCount);
        Assert.NotEqual(0UL, Rd(0x7000) & Msr.EE);           // HSRR1 holds the interrupted MSR (EE was on)
        ulong msr = Rd(0x7008);
        Assert.True((msr & Msr.HV) != 0 && (msr & Msr.EE) == 0 && (msr & Msr.LE) != 0, $"handler MSR 0x{msr:x}");
        Assert.Equal(0UL, Rd(0x7018));                      // nothing completed at doorbell time
        Assert.Equal(1UL, Rd(0x7010));                      // CQ_HEAD
        Assert.Equal(0UL, Rd(0x7020));                      // IRQ_STATUS cleared by W1C
        Assert.Equal((ulong)BlockDevice.StatusOk, Rd(0x7028));
        var disk = m.BlockDevice!.Disk;
        Assert.Equal(0x1122334455667788UL, BinaryPrimitives.ReadUInt64LittleEndian(disk)); // the store after the doorbell
        Assert.Equal(0xa5a5a5a5a5a5a5a5UL, BinaryPrimitives.ReadUInt64LittleEndian(disk[8..]));
        Assert.Equal(0xa5a5a5a5a5a5a5a5UL, BinaryPrimitives.ReadUInt64LittleEndian(disk[4088..]));
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(disk[4096..]));
        Assert.False(m.Cpus[1].ExternalLevel);
    }

    private sealed class Ram(int size) : IDmaMemory
    {
        public readonly byte[] Bytes = new byte[size];
        public bool DmaRead(ulong pa, Span<byte> dest)
        {
            if (pa + (ulong)dest.Length > (ulong)Bytes.Length) return false;
            Bytes.AsSpan((int)pa, dest.Length).CopyTo(dest);
            return true;
        }
        public bool DmaWrite(ulong pa, ReadOnlySpan<byte> src)
        {
            if (pa + (ulong)src.Length > (ulong)Bytes.Length) return false;
            src.CopyTo(Bytes.AsSpan((int)pa));
            return true;
        }
    }

    private static void Desc(Ram ram, int index, uint op, ulong sector, ulong addr, uint len)
    {
        var d = ram.Bytes.AsSpan(0x1000 + index * 64, 64);
        d.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(d, op);
        BinaryPrimitives.WriteUInt64LittleEndian(d[8..], sector);
        BinaryPrimitives.WriteUInt64LittleEndian(d[16..], addr);
        BinaryPrimitives.WriteUInt32LittleEndian(d[24..], len);
    }

    [Fact]
    public void ProcessesInRingOrderWithSeededLatencyAndReportsBadRequests()
    {
        var ram = new Ram(0x10000);
        var events = new EventQueue();
        ulong now = 1000;
        var lines = new List<(uint, bool)>();
        var irq = new InterruptController((pir, level) => lines.Add((pir, level)));
        ulong r = 0;
        var dev = new BlockDevice(64 * 512, ram, events, () => now, () => r++, irq) { LatencyCycles = 100, CyclesPerSector = 10, JitterCycles = 0 };
        Assert.Equal((ulong)BlockDevice.MagicValue, dev.Read(0, 4));
        Assert.Equal(64UL, dev.Read(8, 8));
        dev.Write(0x10, 8, 0x1000);
        dev.Write(0x18, 4, 4);
        dev.Write(0x1c, 4, 8);
        dev.Write(0x2c, 4, 1);
        ram.Bytes.AsSpan(0x4000, 1024).Fill(0x5a);
        Desc(ram, 0, BlockDevice.OpWrite, 2, 0x4000, 1024);   // disk sectors 2-3 <- 0x5a
        Desc(ram, 1, BlockDevice.OpRead, 2, 0x8000, 512);     // memory 0x8000 <- sector 2
        Desc(ram, 2, BlockDevice.OpWrite, 63, 0x4000, 1024);  // past the end: bad request
        Desc(ram, 3, 9, 0, 0x4000, 512);                       // unknown op: bad request
        dev.Write(0x20, 4, 4);
        Assert.Equal(0UL, dev.Read(0x24, 4));
        Assert.Equal(1100UL, events.NextCycle);
        events.RunDue(1100);
        Assert.Equal(1UL, dev.Read(0x24, 4));
        Assert.Equal((8u, true), lines[^1]);
        Assert.Single(lines, l => l.Item2);
        Assert.Equal(1100UL + 2 * 10 + 100, events.NextCycle);  // the next waits for the transfer
        events.RunDue(ulong.MaxValue);
        Assert.Equal(4UL, dev.Read(0x24, 4));
        Assert.Equal(0x5a, dev.Disk[2 * 512]);
        Assert.Equal(0x5a, ram.Bytes[0x8000 + 511]);
        uint St(int i) => BinaryPrimitives.ReadUInt32LittleEndian(ram.Bytes.AsSpan(0x1000 + i * 64 + 4));
        Assert.Equal([BlockDevice.StatusOk, BlockDevice.StatusOk, BlockDevice.StatusBadRequest, BlockDevice.StatusBadRequest], [St(0), St(1), St(2), St(3)]);
        dev.Write(0x28, 4, 1);
        Assert.Equal((8u, false), lines[^1]);
        Assert.False(dev.IrqLine);
    }
}
