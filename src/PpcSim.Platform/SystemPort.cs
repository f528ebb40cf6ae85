using PpcSim.Core;
using PpcSim.Devices;
using PpcSim.Memory.Mmu;

namespace PpcSim.Platform;

/// <summary>
/// One thread's path to storage in the full system: radix translation (data with MSR[DR],
/// fetch with MSR[IR]), then RAM or a memory-mapped device. RAM pages are handed to the core's
/// fast path except where other threads must observe the writes (pages holding decoded code or
/// ever reserved by larx, so stores can invalidate decode caches and clear reservations). Under
/// the Power model, data accesses to RAM go through the machine's <see cref="StorageOverlay"/>
/// (instruction fetch, table walks and DMA see RAM, the newest values, which is always allowed).
/// </summary>
public sealed class SystemPort : MemoryPort
{
    private readonly SystemMachine _machine;
    private readonly PhysicalMemory _ram;
    private readonly MmioBus _bus;
    private ulong _reservationPa = ulong.MaxValue;
    private StorageOverlay? _overlay;
    // The page the overlay just refused to the fast path: the core's very next call is the slow
    // read of the same address, which then need not translate again.
    private ulong _deniedEaPage = ulong.MaxValue, _deniedPaPage;

    internal SystemPort(SystemMachine machine, int index)
    {
        _machine = machine;
        _ram = machine.Ram;
        _bus = machine.Bus;
        Index = index;
    }

    internal Cpu Cpu { get; set; } = null!;
    internal int Index { get; }
    internal StorageOverlay? Overlay { set => _overlay = value; }
    private bool _reservedBehind;
    private (ulong Pa, int Size) _behindAt;

    /// <summary>Real address of the reservation granule (128 bytes) held by this thread, if any.</summary>
    internal ulong ReservationGranule => HasReservation ? _reservationPa : ulong.MaxValue;

    private TranslationContext Context(bool fetch)
    {
        ulong msr = Cpu.Msr;
        bool relocate = (msr & (fetch ? Core.Msr.IR : Core.Msr.DR)) != 0;
        return new TranslationContext(relocate, (msr & Core.Msr.PR) != 0, (msr & Core.Msr.HV) != 0, Cpu.Ptcr, Cpu.Lpidr, Cpu.Pidr);
    }

    private bool Translate(ulong ea, AccessKind kind, out Translation t)
    {
        _deniedEaPage = ulong.MaxValue;
        t = _machine.Mmu(Cpu).Translate(ea, kind, Context(kind == AccessKind.Execute));
        if (t.Ok) return true;
        FaultBits = t.FaultBits;
        return false;
    }

    public override byte[]? TryGetHostPage(ulong ea, bool forWrite, out int offset) =>
        TryGetHostPage(ea, forWrite, out offset, out _, out _);

    public override byte[]? TryGetHostPage(ulong ea, bool forWrite, out int offset, out ulong pagePa, out bool reportStores)
    {
        offset = 0;
        pagePa = 0;
        reportStores = false;
        if (!Translate(ea, forWrite ? AccessKind.Write : AccessKind.Read, out var t))
        {
            FaultBits = 0;
            return null;
        }
        ulong pa = t.RealAddress & ~0xfffUL;
        if (t.Attribute != CachingAttribute.Normal || !_ram.Contains(pa, 0x1000)) return null;
        if (forWrite && (_ram.IsCode(pa) || _machine.IsAtomicPage(pa) || _machine.IsWatchedPage(pa))) return null;
        if (_overlay != null && !_overlay.GrantHostPage(Index, pa, forWrite, out reportStores))
        {
            _deniedEaPage = ea & ~0xfffUL;
            _deniedPaPage = pa;
            return null;
        }
        pagePa = pa;
        var chunk = _ram.Chunk(pa, out offset);
        return chunk;
    }

    public override void ReportStore(ulong pa, int size) => _overlay?.RecordStore(Index, pa, size);

    public override MemFault Read(ulong ea, int size, out ulong value)
    {
        if ((ea & ~0xfffUL) == _deniedEaPage && (ea & 0xfff) + (ulong)size <= 0x1000)
        {
            _deniedEaPage = ulong.MaxValue;
            value = _overlay!.Load(Index, _deniedPaPage | (ea & 0xfff), size);
            return MemFault.None;
        }
        _deniedEaPage = ulong.MaxValue;
        value = 0;
        if (!Translate(ea, AccessKind.Read, out var t)) return MemFault.Unmapped;
        ulong pa = t.RealAddress;
        if (_ram.Contains(pa, size))
        {
            value = _overlay != null ? _overlay.Load(Index, pa, size) : _ram.ReadLe(pa, size);
            return MemFault.None;
        }
        var dev = _bus.Find(pa, size);
        if (dev == null) return BusError(ea);
        value = dev.Read(pa - dev.Base, size);
        Cpu.StallCycles += _machine.Config.MmioLatencyCycles;
        return MemFault.None;
    }

    public override MemFault Write(ulong ea, int size, ulong value)
    {
        if (!Translate(ea, AccessKind.Write, out var t)) return MemFault.Unmapped;
        ulong pa = t.RealAddress;
        if (_ram.Contains(pa, size))
        {
            _overlay?.RecordStore(Index, pa, size);
            _ram.WriteLe(pa, size, value);
            _machine.NoteStore(Cpu, pa, size);
            _machine.Recorder?.OnStore(Cpu, _machine.CoreIndex(Cpu), ea, pa, size, value);
            return MemFault.None;
        }
        var dev = _bus.Find(pa, size);
        if (dev == null) return BusError(ea);
        dev.Write(pa - dev.Base, size, value);
        Cpu.StallCycles += _machine.Config.MmioLatencyCycles;
        return MemFault.None;
    }

    private MemFault BusError(ulong ea)
    {
        // No RAM and no device at this real address: reported to the guest as a data storage
        // interrupt (the machine records it for the diagnosis) rather than a machine check.
        _machine.NoteBusError(Cpu, ea);
        FaultBits = RadixMmu.NotFound;
        return MemFault.Bus;
    }

    public override MemFault Fetch(ulong ea, out uint word)
    {
        word = 0;
        if (!Translate(ea, AccessKind.Execute, out var t)) return MemFault.Unmapped;
        if (!_ram.Contains(t.RealAddress, 4))
        {
            FaultBits = RadixMmu.NotFound;
            return MemFault.Bus;
        }
        word = (uint)_ram.ReadLe(t.RealAddress, 4);
        return MemFault.None;
    }

    public override void MarkCode(ulong ea)
    {
        if (Translate(ea, AccessKind.Execute, out var t)) _ram.MarkCode(t.RealAddress);
        FaultBits = 0;
    }

    public override MemFault LoadReserve(ulong ea, int size, out ulong value)
    {
        value = 0;
        if ((ea & (ulong)(size - 1)) != 0) return MemFault.Alignment;
        if (!Translate(ea, AccessKind.Read, out var t)) return MemFault.Unmapped;
        if (!_ram.Contains(t.RealAddress, size)) return BusError(ea);
        _machine.NoteAtomicPage(t.RealAddress);
        value = _overlay != null ? _overlay.Load(Index, t.RealAddress, size) : _ram.ReadLe(t.RealAddress, size);
        // A newer store this thread cannot see yet is coherence-after what it read: a stcx. could
        // never be coherence-immediately-after that value, so the reservation starts lost.
        bool sees = _overlay == null || _overlay.SeesNewest(Index, t.RealAddress, size);
        // Kept behind an unseen newer store: the stcx. can only go coherence-before it.
        _reservedBehind = !sees && _overlay!.CanOrderBefore(Index, t.RealAddress, size);
        HasReservation = sees || _reservedBehind;
        _behindAt = (t.RealAddress, size);
        _reservationPa = t.RealAddress & ~127UL;
        ReservationAddress = ea & ~127UL;
        return MemFault.None;
    }

    public override MemFault StoreConditional(ulong ea, int size, ulong value, out bool stored)
    {
        stored = false;
        if ((ea & (ulong)(size - 1)) != 0) return MemFault.Alignment;
        if (!Translate(ea, AccessKind.Write, out var t)) return MemFault.Unmapped;
        bool held = HasReservation && _reservationPa == (t.RealAddress & ~127UL);
        HasReservation = false;
        bool behind = _reservedBehind;
        _reservedBehind = false;
        if (!held || _machine.SpuriousStcxFailure(Cpu)) return MemFault.None;
        if (behind)
        {
            // The reservation was kept past a newer store r cannot see: go coherence-before it
            // if that is still possible, else fail as a lost reservation would.
            if (_behindAt != (t.RealAddress, size) || _overlay!.SeesNewestQuiet(Index, t.RealAddress, size) || !_overlay.CanOrderBefore(Index, t.RealAddress, size)) return MemFault.None;
            _overlay.StoreBefore(Index, t.RealAddress, size, value);
            _machine.NoteStore(Cpu, t.RealAddress, size);
            _machine.Recorder?.OnStore(Cpu, _machine.CoreIndex(Cpu), ea, t.RealAddress, size, value);
            stored = true;
            return MemFault.None;
        }
        _overlay?.RecordStore(Index, t.RealAddress, size, atomic: true);
        _ram.WriteLe(t.RealAddress, size, value);
        _machine.NoteStore(Cpu, t.RealAddress, size);
        _machine.Recorder?.OnStore(Cpu, _machine.CoreIndex(Cpu), ea, t.RealAddress, size, value);
        stored = true;
        return MemFault.None;
    }

    /// <summary>Another thread stored to this granule: the reservation is lost (a coherence event, never a scheduler switch).</summary>
    internal void LoseReservation() => HasReservation = false;

    public override void Barrier(Isa.BarrierKind kind)
    {
        if (_overlay != null)
        {
            var config = _machine.Config;
            switch (kind)
            {
                case Isa.BarrierKind.Sync or Isa.BarrierKind.Ptesync:
                    Cpu.StallCycles += Math.Max(config.SyncCycles, _overlay.Sync(Index));
                    return;
                case Isa.BarrierKind.Lwsync:
                    _overlay.Lwsync(Index);
                    Cpu.StallCycles += config.LwsyncCycles;
                    return;
                case Isa.BarrierKind.Eieio:
                    _overlay.Lwsync(Index);
                    Cpu.StallCycles += 2;
                    return;
            }
        }
        Cpu.StallCycles += kind switch
        {
            Isa.BarrierKind.Sync or Isa.BarrierKind.Ptesync => _machine.Config.SyncCycles,
            Isa.BarrierKind.Lwsync => _machine.Config.LwsyncCycles,
            Isa.BarrierKind.Isync => _machine.Config.IsyncCycles,
            _ => 2,
        };
    }
}
