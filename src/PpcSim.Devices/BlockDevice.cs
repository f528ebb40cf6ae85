using System.Buffers.Binary;

namespace PpcSim.Devices;

/// <summary>
/// The PpcSim block device (firmware/README.md, "Block device"): a disk image held in memory,
/// a ring of 64-byte descriptors in guest memory, a doorbell (SQ_TAIL) and a level-sensitive
/// completion interrupt through <see cref="InterruptController"/>. Registers (little-endian):
///   0x00 RO u32 MAGIC 0x4b4c4250 "PBLK"   0x04 RO u32 VERSION 1   0x08 RO u64 CAPACITY (sectors)
///   0x10 RW u64 RING_BASE   0x18 RW u32 RING_SIZE (write resets both indices)
///   0x1c RW u32 IRQ_TARGET (PIR)   0x20 WO u32 SQ_TAIL (doorbell)   0x24 RO u32 CQ_HEAD
///   0x28 R/W1C u32 IRQ_STATUS   0x2c RW u32 IRQ_ENABLE
/// The doorbell only records the new tail and schedules work on the machine's event queue: the
/// descriptor is read and its DMA performed when the device processes it, a seeded latency
/// later (so a guest that changes a queued descriptor or buffer before then sees the change
/// take effect, as on hardware). Descriptors are processed one at a time in ring order; each
/// writes status, then CQ_HEAD, then IRQ_STATUS bit 0, and the line is
/// IRQ_STATUS &amp; IRQ_ENABLE.
/// </summary>
public sealed class BlockDevice : IMmioDevice
{
    public const ulong DefaultAddress = 0x0006_0100_0000_1000UL;
    public const uint MagicValue = 0x4b4c4250;
    public const int SectorSize = 512;
    public const int DescriptorSize = 64;
    public const uint OpRead = 1, OpWrite = 2, OpFlush = 3;
    public const uint StatusOk = 1, StatusIoError = 2, StatusBadRequest = 3;

    private readonly byte[] _disk;
    private readonly IDmaMemory _memory;
    private readonly EventQueue _events;
    private readonly Func<ulong> _now;
    private readonly Func<ulong> _random;
    private readonly InterruptController _irq;
    private readonly int _irqSource;
    private ulong _ringBase;
    private uint _ringSize;
    private uint _irqTarget;
    private uint _sqTail;
    private uint _cqHead;
    private uint _irqStatus;
    private uint _irqEnable;
    private bool _busy;
    private ulong _generation;
    // DMA provenance (not device state: a record of where each sector's bytes came from).
    private readonly Dictionary<ulong, SectorSource> _sectorSources = [];

    /// <param name="capacityBytes">Disk size, a multiple of 512.</param>
    /// <param name="memory">Guest real memory for DMA.</param>
    /// <param name="events">The machine's event queue (cycles of simulated time).</param>
    /// <param name="now">Current simulated cycle (the accessing thread's, or the event's).</param>
    /// <param name="random">The machine's seeded random stream (latency jitter).</param>
    public BlockDevice(ulong capacityBytes, IDmaMemory memory, EventQueue events, Func<ulong> now, Func<ulong> random,
        InterruptController irq, ulong baseAddress = DefaultAddress)
    {
        if (capacityBytes == 0 || capacityBytes % SectorSize != 0 || capacityBytes > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(capacityBytes), "block device size must be a positive multiple of 512 bytes below 2 GiB");
        _disk = new byte[capacityBytes];
        _memory = memory;
        _events = events;
        _now = now;
        _random = random;
        _irq = irq;
        _irqSource = irq.AddSource();
        Base = baseAddress;
    }

    public string Name => "blockdev";
    public ulong Base { get; }
    public ulong Size => 0x1000;

    /// <summary>Cycles from the doorbell (or the previous completion) to processing a descriptor.</summary>
    public ulong LatencyCycles { get; init; } = 19_000;
    /// <summary>Extra cycles per 512-byte sector transferred.</summary>
    public ulong CyclesPerSector { get; init; } = 400;
    /// <summary>Seeded jitter added to each descriptor's latency (0..N cycles).</summary>
    public ulong JitterCycles { get; init; } = 3_800;

    /// <summary>The disk image (read/write by the host, e.g. to preload or inspect it).</summary>
    public Span<byte> Disk => _disk;
    public ulong CapacityBytes => (ulong)_disk.Length;
    public ulong Completed { get; private set; }
    public uint CqHead => _cqHead;
    public bool IrqLine => (_irqStatus & _irqEnable & 1) != 0;

    /// <summary>Raised after each successful transfer (a recorder's timeline; null when nobody listens).</summary>
    public Action<BlockTransfer>? Transferred { get; set; }

    /// <summary>
    /// Where the bytes of disk sector <paramref name="sector"/> came from: the real address the
    /// device read them from and the cycle of that DMA read, for the last write to the sector.
    /// </summary>
    public bool TryGetSectorSource(ulong sector, out SectorSource source) => _sectorSources.TryGetValue(sector, out source);

    public ulong Read(ulong offset, int size)
    {
        ulong v = offset switch
        {
            0x00 => MagicValue | (size == 8 ? 1UL << 32 : 0),
            0x04 => 1,
            0x08 => (ulong)_disk.Length / SectorSize,
            0x10 => _ringBase,
            0x18 => _ringSize | (size == 8 ? (ulong)_irqTarget << 32 : 0),
            0x1c => _irqTarget,
            0x20 => _sqTail | (size == 8 ? (ulong)_cqHead << 32 : 0),
            0x24 => _cqHead,
            0x28 => _irqStatus | (size == 8 ? (ulong)_irqEnable << 32 : 0),
            0x2c => _irqEnable,
            _ => 0,
        };
        return size == 8 ? v : v & ((1UL << (8 * size)) - 1);
    }

    public void Write(ulong offset, int size, ulong value)
    {
        switch (offset)
        {
            case 0x10: _ringBase = size == 8 ? value : (_ringBase & ~0xffff_ffffUL) | (uint)value; break;
            case 0x14 when size == 4: _ringBase = (_ringBase & 0xffff_ffffUL) | (value << 32); break;
            case 0x18:
                _ringSize = (uint)value;
                _sqTail = _cqHead = 0;
                _busy = false;
                _generation++; // work scheduled for the old ring is dropped
                break;
            case 0x1c: _irqTarget = (uint)value; UpdateLine(); break;
            case 0x20: Doorbell((uint)value); break;
            case 0x28: _irqStatus &= ~(uint)value; UpdateLine(); break;
            case 0x2c: _irqEnable = (uint)value & 1; UpdateLine(); break;
        }
    }

    private void Doorbell(uint tail)
    {
        _sqTail = tail;
        if (!_busy && _ringSize != 0 && _cqHead != _sqTail) ScheduleNext(_now());
    }

    private void ScheduleNext(ulong from)
    {
        _busy = true;
        ulong gen = _generation;
        // The length is only known once the descriptor is read at processing time; the
        // transfer cost is charged then by pushing the next descriptor back.
        ulong when = from + LatencyCycles + (JitterCycles == 0 ? 0 : _random() % (JitterCycles + 1));
        _events.Schedule(when, () => Process(when, gen));
    }

    private void Process(ulong when, ulong gen)
    {
        if (gen != _generation) return;
        _busy = false;
        if (_ringSize == 0 || _cqHead == _sqTail) return;
        uint length = 0;
        uint status = StatusBadRequest;
        ulong descPa = _ringBase + (ulong)(_cqHead & (_ringSize - 1)) * DescriptorSize;
        Span<byte> d = stackalloc byte[DescriptorSize];
        if ((_ringSize & (_ringSize - 1)) != 0 || !_memory.DmaRead(descPa, d))
        {
            // No ring to read: nothing can be reported in it; complete so the guest is not stuck.
            status = StatusIoError;
        }
        else
        {
            uint op = BinaryPrimitives.ReadUInt32LittleEndian(d);
            ulong sector = BinaryPrimitives.ReadUInt64LittleEndian(d[0x08..]);
            ulong addr = BinaryPrimitives.ReadUInt64LittleEndian(d[0x10..]);
            length = BinaryPrimitives.ReadUInt32LittleEndian(d[0x18..]);
            status = Transfer(op, sector, addr, length, when);
            Span<byte> st = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(st, status);
            _memory.DmaWrite(descPa + 4, st);
        }
        _cqHead++;
        Completed++;
        _irqStatus |= 1;
        UpdateLine();
        if (_cqHead != _sqTail) ScheduleNext(when + (ulong)(length / SectorSize) * CyclesPerSector);
    }

    private uint Transfer(uint op, ulong sector, ulong addr, uint length, ulong when)
    {
        if (op == OpFlush) return StatusOk; // the image is the medium: nothing is cached
        if (op is not (OpRead or OpWrite) || length % SectorSize != 0) return StatusBadRequest;
        ulong capSectors = (ulong)_disk.Length / SectorSize;
        if (sector > capSectors || length / SectorSize > capSectors - sector) return StatusBadRequest;
        var span = _disk.AsSpan((int)(sector * SectorSize), (int)length);
        bool ok = op == OpWrite ? _memory.DmaRead(addr, span) : _memory.DmaWrite(addr, span);
        if (ok && op == OpWrite)
            for (uint s = 0; s < length / SectorSize; s++) _sectorSources[sector + s] = new SectorSource(addr + s * SectorSize, when);
        if (ok) Transferred?.Invoke(new BlockTransfer(op == OpWrite, sector, addr, length, when));
        return ok ? StatusOk : StatusIoError;
    }

    private void UpdateLine() => _irq.SetLine(_irqSource, _irqTarget, IrqLine);

    /// <summary>FNV-1a over the disk image and the registers, for the machine's state hash.</summary>
    public ulong Hash()
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (ulong w in System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(_disk.AsSpan(0, _disk.Length & ~7)))
            h = (h ^ w) * 0x100000001b3UL;
        foreach (ulong r in (ReadOnlySpan<ulong>)[_ringBase, _ringSize, _irqTarget, _sqTail, _cqHead, _irqStatus, _irqEnable])
            h = (h ^ r) * 0x100000001b3UL;
        return h;
    }
}
