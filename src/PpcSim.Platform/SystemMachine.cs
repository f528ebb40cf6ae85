using System.Text;
using PpcSim.Core;
using PpcSim.Core.Random;
using PpcSim.Devices;
using PpcSim.Memory.Mmu;

namespace PpcSim.Platform;

/// <summary>
/// The full system: N hardware threads on physical memory with a radix MMU each, a UART, the
/// simulator-control device, doorbells and decrementers, driven by one seeded scheduler that
/// always runs the thread furthest behind in simulated time. Deterministic: the only choices
/// are seeded (named streams per consumer: scheduler, block device, stcx., darn, storage, ipi)
/// and ties are index-ordered. Under <see cref="StorageModel.Power"/> data accesses go through a
/// <see cref="StorageOverlay"/>; under <see cref="StorageModel.Sc"/> every store is visible at once.
/// </summary>
public sealed partial class SystemMachine : ISystemBus
{
    private const int StormLimit = 10_000;
    private const int HistoryLength = 8;
    private readonly List<Cpu> _cpus = [];
    private readonly List<SystemPort> _ports = [];
    private readonly List<RadixMmu> _mmus = [];
    private readonly Dictionary<Cpu, int> _index = [];
    private readonly HashSet<ulong> _atomicPages = [];
    private readonly EventQueue _events = new();
    private readonly Queue<InterruptRecord>[] _history;
    private readonly StringBuilder _console = new();
    private readonly Xoshiro256StarStar _schedulerRandom, _stcxRandom, _ipiRandom;
    private readonly StorageOverlay? _overlay;
    private (Interrupt Kind, ulong Address, int Count) _lastStorm;
    private Cpu? _running;
    private ulong _eventNow;
    // The slice in progress: machine state, so a run cut by a debugger limit resumes it unchanged.
    private (Cpu Cpu, ulong Limit, ulong DecCycle)? _slice;

    public SystemMachine(MachineConfig config, Stream? consoleOut = null)
    {
        if (config.Cores < 1 || config.Cores > 64) throw new ArgumentOutOfRangeException(nameof(config), "cores must be 1..64");
        Config = config;
        _schedulerRandom = SeedStreams.Create(config.Seed, "scheduler");
        _stcxRandom = SeedStreams.Create(config.Seed, "stcx");
        _ipiRandom = SeedStreams.Create(config.Seed, "ipi");
        var blockRandom = SeedStreams.Create(config.Seed, "block");
        var darnRandom = SeedStreams.Create(config.Seed, "darn");
        Ram = new PhysicalMemory(config.RamBytes);
        Bus = new MmioBus();
        Uart = new Uart16550(b =>
        {
            _console.Append((char)b);
            consoleOut?.WriteByte(b);
        });
        SimControl = new SimControl();
        Bus.Add(Uart);
        Bus.Add(SimControl);
        Interrupts = new InterruptController(SetExternal);
        if (config.BlockDeviceBytes != 0)
        {
            BlockDevice = new BlockDevice(config.BlockDeviceBytes, Ram, _events, () => Now, blockRandom.Next, Interrupts)
            {
                LatencyCycles = config.BlockLatencyCycles,
                CyclesPerSector = config.BlockCyclesPerSector,
                JitterCycles = config.BlockJitterCycles,
            };
            Bus.Add(BlockDevice);
        }
        Ram.DmaWritten = (pa, len) =>
        {
            _overlay?.NoteDeviceWrite(pa, len);
            for (ulong g = pa & ~127UL; g < pa + (ulong)len; g += 128) NoteStore(null, g, 1);
        };
        Ram.CodeWritten = pa =>
        {
            foreach (var c in _cpus) c.FlushDecodeCache();
        };
        _history = new Queue<InterruptRecord>[config.Cores];
        _doorbellsInFlight = new List<(int, long, bool)>[config.Cores];
        for (int i = 0; i < config.Cores; i++) _doorbellsInFlight[i] = [];
        for (int i = 0; i < config.Cores; i++)
        {
            var port = new SystemPort(this, i);
            var cpu = new Cpu(port) { Bus = this, Pir = config.PirOf(i), IllegalIsEmulationAssistance = true };
            port.Cpu = cpu;
            cpu.ReadTimebase = () => CyclesToTimebase(cpu.Cycles);
            cpu.TimebaseAtCycles = CyclesToTimebase;
            cpu.CyclesAtTimebase = TimebaseToCycles;
            cpu.RandomSource = darnRandom.Next;
            _cpus.Add(cpu);
            _ports.Add(port);
            _mmus.Add(new RadixMmu(Ram));
            _index[cpu] = i;
            _history[i] = new Queue<InterruptRecord>();
        }
        if (config.MemoryModel == StorageModel.Power)
        {
            _overlay = new StorageOverlay([.. _cpus], Ram, config);
            foreach (var p in _ports) p.Overlay = _overlay;
        }
    }

    public MachineConfig Config { get; }
    public PhysicalMemory Ram { get; }
    public MmioBus Bus { get; }
    public Uart16550 Uart { get; }
    public SimControl SimControl { get; }
    /// <summary>The PpcSim block device, or null when <see cref="MachineConfig.BlockDeviceBytes"/> is 0.</summary>
    public BlockDevice? BlockDevice { get; }
    public InterruptController Interrupts { get; }

    /// <summary>Simulated time as devices see it: the accessing thread's cycle, or the due event's.</summary>
    public ulong Now => _running?.Cycles ?? _eventNow;
    public IReadOnlyList<Cpu> Cpus => _cpus;
    public string Console => _console.ToString();
    public MachineStopReason? StopReason { get; private set; }
    public string? Diagnosis { get; private set; }
    /// <summary>Bus errors: accesses to real addresses with neither RAM nor a device.</summary>
    public int BusErrors { get; private set; }
    public ulong DoorbellsSent { get; private set; }
    /// <summary>
    /// Doorbells the receiver TOOK while the sender still had stores, issued before its msgsnd,
    /// that the receiver could not see yet: the doorbell overtook its message (a late or lost IPI
    /// message). Checked when the doorbell interrupt is taken (not when it is raised: a receiver
    /// with interrupts disabled reads the message later, which is what matters to its handler).
    /// Always 0 under SC, and 0 when the sender runs sync between the stores and msgsnd (sync
    /// commits every store of its thread) - unless the sender takes an interrupt between its sync
    /// and msgsnd: the handler's stores are then pre-msgsnd and may still be in flight, though the
    /// message itself was ordered. An over-count, seen in `ppcsim boot --cores 4` (2 of 224, both
    /// doorbells taken at smp_muxed_ipi_message_pass+0x74, between hwsync and msgsnd).
    /// </summary>
    public ulong DoorbellsOvertakingStores { get; private set; }
    /// <summary>Sum over <see cref="DoorbellsOvertakingStores"/> of the cycles (receiver's clock) until the last such store became visible.</summary>
    public ulong DoorbellLateCycles { get; private set; }
    // Per receiver: doorbells raised but not yet taken (sender, overlay sequence at msgsnd, hypervisor kind).
    private readonly List<(int From, long Before, bool Hv)>[] _doorbellsInFlight;
    /// <summary>External interrupts delivered (block device completions).</summary>
    public ulong ExternalInterrupts { get; private set; }

    /// <summary>Stop when the console ends with this text (e.g. the kernel's end line).</summary>
    public string? StopOnConsole { get; set; }

    internal RadixMmu Mmu(Cpu c) => _mmus[_index[c]];

    public ulong CyclesToTimebase(ulong cycles) => (ulong)((UInt128)cycles * Config.TimebaseHz / Config.CoreHz);

    public ulong TimebaseToCycles(ulong tb) => (ulong)(((UInt128)tb * Config.CoreHz + Config.TimebaseHz - 1) / Config.TimebaseHz);

    /// <summary>The Power model's overlay (null under SC), for statistics and tests.</summary>
    internal StorageOverlay? Overlay => _overlay;

    /// <summary>
    /// Power model: treat these real pages as shared from the start, so the first stores to them
    /// are already recorded (tests whose threads race on fresh pages; a no-op under SC).
    /// </summary>
    public void MarkShared(ulong pa, ulong length) => _overlay?.MarkShared(pa, length);

    /// <summary>Stores recorded in the Power model's overlay (0 under SC or while only one thread ran).</summary>
    public ulong StoresRecorded => _overlay?.Recorded ?? 0;
    /// <summary>Loads that saw an older value than RAM holds (a store not yet propagated to them).</summary>
    public ulong StaleReads => _overlay?.StaleReads ?? 0;
    public string OverlayCounters => _overlay?.Counters ?? "";

    /// <summary>Loads a flat image at real address 0 and resets every thread as QEMU powernv9 does:
    /// at 0x10, big-endian, hypervisor real mode (MSR = SF|HV|ME).</summary>
    public void LoadFlatImage(ReadOnlySpan<byte> image)
    {
        if ((ulong)image.Length > Ram.Size) throw new ArgumentException("image larger than RAM");
        Ram.WriteBytes(0, image);
        foreach (var c in _cpus)
        {
            c.SetMsr(Msr.SF | Msr.HV | Msr.ME);
            c.Pc = 0x10;
            c.FlushDecodeCache();
            c.FlushTlb();
        }
    }

    // ---- ISystemBus --------------------------------------------------------------------------

    public void SendDoorbell(Cpu from, DoorbellKind kind, ulong rb)
    {
        ulong when = from.Cycles + Config.IpiLatencyCycles;
        if (Config.IpiJitterCycles != 0) when += _ipiRandom.Next() % (Config.IpiJitterCycles + 1);
        int fromIndex = _index[from];
        long before = _overlay?.Tail ?? 0;
        if (kind == DoorbellKind.Hypervisor)
        {
            // RB[50:63] carries the target's PIR (the "tag" of a server doorbell).
            uint pir = (uint)(rb & 0x3fff);
            foreach (var target in _cpus)
            {
                if (target.Pir != pir) continue;
                DoorbellsSent++;
                Recorder?.OnDoorbell(from, _index[from], kind, pir, _index[target], when);
                int ti = _index[target];
                _events.Schedule(when, () =>
                {
                    if (_overlay != null) _doorbellsInFlight[ti].Add((fromIndex, before, true));
                    target.HypervisorDoorbell = true;
                    Wake(target, when);
                });
            }
        }
        else
        {
            // msgsndp: RB[57:63] names a thread of the sender's own core (SMT4: PIR low 2 bits).
            uint pir = (from.Pir & ~3u) | (uint)(rb & 3);
            foreach (var target in _cpus)
            {
                if (target.Pir != pir) continue;
                DoorbellsSent++;
                Recorder?.OnDoorbell(from, _index[from], kind, pir, _index[target], when);
                int ti = _index[target];
                _events.Schedule(when, () =>
                {
                    if (_overlay != null) _doorbellsInFlight[ti].Add((fromIndex, before, false));
                    target.PrivilegedDoorbell = true;
                    Wake(target, when);
                });
            }
        }
    }

    public void BroadcastTlbInvalidate(Cpu from, ulong rb, ulong rs, int ric, int prs, int r)
    {
        for (int i = 0; i < _cpus.Count; i++)
        {
            _mmus[i].InvalidateAll();
            _cpus[i].FlushTlb();
            _cpus[i].FlushDecodeCache();
        }
    }

    public void Idle(Cpu c) => c.Stopped = true;

    /// <summary>The interrupt controller's output: the External condition of thread <paramref name="pir"/>.</summary>
    private void SetExternal(uint pir, bool level)
    {
        foreach (var c in _cpus)
        {
            if (c.Pir != pir) continue;
            c.ExternalLevel = level;
            if (level) Wake(c, Now);
        }
    }

    private void Wake(Cpu c, ulong cycle)
    {
        if (c.Stopped)
        {
            if (c.Cycles < cycle) c.StallCycles += cycle - c.Cycles;
            c.Stopped = false;
        }
        c.RequestAsyncCheck();
    }

    // ---- memory-side bookkeeping used by the ports ----------------------------------------------

    internal bool IsAtomicPage(ulong pa) => _atomicPages.Count != 0 && _atomicPages.Contains(pa >> 12);

    internal void NoteAtomicPage(ulong pa)
    {
        // Stores to a page that holds reservations must be seen by the ports, so drop every
        // thread's fast-path write translations the first time a page is reserved.
        if (_atomicPages.Add(pa >> 12))
            foreach (var c in _cpus) c.FlushTlb();
    }

    internal void NoteStore(Cpu? from, ulong pa, int size)
    {
        if (_atomicPages.Count == 0 || !_atomicPages.Contains(pa >> 12)) return;
        ulong granule = pa & ~127UL;
        foreach (var p in _ports)
            if (p.Cpu != from && p.ReservationGranule == granule) p.LoseReservation();
    }

    internal bool SpuriousStcxFailure(Cpu c) => Config.SpuriousStcxOneIn != 0 && _stcxRandom.Next() % Config.SpuriousStcxOneIn == 0;

    internal void NoteBusError(Cpu c, ulong ea) => BusErrors++;

    // ---- the scheduler ------------------------------------------------------------------------

    /// <summary>Runs until power-off, a stop condition or <paramref name="maxCycles"/> on the slowest thread.</summary>
    public MachineStopReason Run(ulong maxCycles = ulong.MaxValue)
    {
        if (Config.MaxCycles != 0) maxCycles = Math.Min(maxCycles, Config.MaxCycles);
        StopReason = null;
        if (_slice != null) ContinueSlice();
        while (true)
        {
            if (StopReason is { } stopped) return stopped;
            if (DebugLimitReached) return Stop(MachineStopReason.DebugLimit, null);
            if (SimControl.ExitStatus != null) return Stop(MachineStopReason.PowerOff, null);
            if (StopOnConsole != null && _console.Length >= StopOnConsole.Length && Console.EndsWith(StopOnConsole, StringComparison.Ordinal))
                return Stop(MachineStopReason.ConsoleMatch, null);

            Cpu? next = null;
            ulong wake = _events.NextCycle;
            foreach (var c in _cpus)
            {
                if (c.Stopped)
                {
                    if (c.AnyAsyncCondition) wake = Math.Min(wake, c.Cycles);
                    else wake = Math.Min(wake, Math.Max(c.Cycles, TimebaseToCycles(c.DecrementerExpiryTb)));
                }
                else if (next == null || c.Cycles < next.Cycles) next = c;
            }
            ulong now = Math.Min(next?.Cycles ?? ulong.MaxValue, wake);
            if (now == ulong.MaxValue) return Stop(MachineStopReason.Hang, "every thread is stopped and no event can wake one");
            if (now >= maxCycles) return Stop(MachineStopReason.CycleLimit, $"cycle limit {maxCycles} reached");
            _eventNow = now;
            _events.RunDue(now);
            foreach (var c in _cpus)
            {
                if (c.Stopped && (c.AnyAsyncCondition || TimebaseToCycles(c.DecrementerExpiryTb) <= now)) Wake(c, now);
            }
            next = null;
            ulong second = ulong.MaxValue;
            int running = 0;
            foreach (var c in _cpus)
            {
                if (c.Stopped) continue;
                running++;
                if (next == null || c.Cycles < next.Cycles)
                {
                    if (next != null) second = Math.Min(second, next.Cycles);
                    next = c;
                }
                else second = Math.Min(second, c.Cycles);
            }
            if (next == null) continue;
            // Stores are recorded only while another thread runs; with one left, all become visible.
            _overlay?.SetActive(running > 1);
            RunSlice(next, Math.Min(second, _events.NextCycle), maxCycles);
            // The furthest-behind running thread bounds what can still be seen late.
            if (_overlay != null && _overlay.InFlight != 0)
            {
                ulong min = ulong.MaxValue;
                foreach (var c in _cpus)
                    if (!c.Stopped && c.Cycles < min) min = c.Cycles;
                _overlay.Collect(min);
            }
        }
    }

    private void RunSlice(Cpu c, ulong horizon, ulong maxCycles)
    {
        ulong limit = horizon == ulong.MaxValue ? c.Cycles + Config.QuantumCycles : horizon + Config.QuantumCycles;
        if (Config.QuantumJitter != 0) limit += _schedulerRandom.Next() % (Config.QuantumJitter + 1);
        // A due event (doorbell, device completion) ends the slice, so interrupts arrive at their
        // cycle rather than a quantum late (the IPI latency is what the Power model races against).
        if (_events.NextCycle > c.Cycles) limit = Math.Min(limit, _events.NextCycle);
        ulong decCycle = TimebaseToCycles(c.DecrementerExpiryTb);
        if (decCycle > c.Cycles) limit = Math.Min(limit, decCycle);
        else if (c.DecrementerException) c.RequestAsyncCheck();
        limit = Math.Min(limit, maxCycles);
        if (limit <= c.Cycles) limit = c.Cycles + 1;
        _slice = (c, limit, decCycle);
        ContinueSlice();
    }

    /// <summary>Runs the open slice to its end, or until a debugger limit or <see cref="Interrupt.DebugStop"/> cuts it (it then stays open).</summary>
    private void ContinueSlice()
    {
        var (c, limit, decCycle) = _slice!.Value;
        _running = c;
        c.Run(DebugBudget(c), limit);
        _running = null;
        if (c.Pending == Interrupt.DebugStop)
        {
            // A debugger breakpoint/watchpoint: the instruction did not run; the debugger clears
            // the stop and the slice goes on from it.
            DebugThread = _index[c];
            Stop(MachineStopReason.DebugStop, null);
            return;
        }
        if (c.Pending == Interrupt.None && !c.Stopped && c.Cycles < limit)
        {
            Stop(MachineStopReason.DebugLimit, null);
            return;
        }
        _slice = null;
        if (c.Pending != Interrupt.None) TakeInterrupt(c);
        else if (c.Cycles >= decCycle && c.DecrementerException) c.RequestAsyncCheck();
    }

    // ---- debugger support: an exact clock that does not depend on where runs are cut ----------

    /// <summary>Instructions retired by all threads: the debugger's timeline clock.</summary>
    public ulong Retired
    {
        get
        {
            ulong n = 0;
            foreach (var c in _cpus) n += c.Instructions;
            return n;
        }
    }

    /// <summary>Stop (<see cref="MachineStopReason.DebugLimit"/>) once <see cref="Retired"/> reaches this.</summary>
    public ulong StopAtRetired { get; set; } = ulong.MaxValue;

    /// <summary>Stop (<see cref="MachineStopReason.DebugLimit"/>) once thread <see cref="StepThread"/> has retired <see cref="StepThreadAt"/> instructions (-1: off).</summary>
    public int StepThread { get; set; } = -1;
    public ulong StepThreadAt { get; set; }

    /// <summary>The thread whose <see cref="Interrupt.DebugStop"/> ended the last run (<see cref="MachineStopReason.DebugStop"/>); it stays pending.</summary>
    public int DebugThread { get; private set; } = -1;

    private bool DebugLimitReached => Retired >= StopAtRetired || (StepThread >= 0 && _cpus[StepThread].Instructions >= StepThreadAt);

    private long DebugBudget(Cpu c)
    {
        ulong budget = long.MaxValue;
        if (StopAtRetired != ulong.MaxValue) budget = Math.Min(budget, StopAtRetired - Math.Min(StopAtRetired, Retired));
        if (StepThread >= 0 && _cpus[StepThread] == c) budget = Math.Min(budget, StepThreadAt - Math.Min(StepThreadAt, c.Instructions));
        return (long)budget;
    }

    private void TakeInterrupt(Cpu c)
    {
        int i = _index[c];
        var kind = c.Pending;
        ulong addr = kind == Interrupt.SystemCall ? c.Pc : c.PendingPc;
        var rec = new InterruptRecord(c.Cycles, kind, addr, c.Msr);
        var h = _history[i];
        h.Enqueue(rec);
        if (h.Count > HistoryLength) h.Dequeue();
        bool synchronous = kind is Interrupt.DataStorage or Interrupt.InstructionStorage or Interrupt.Program or Interrupt.Alignment
            or Interrupt.FpUnavailable or Interrupt.VmxUnavailable or Interrupt.VsxUnavailable or Interrupt.HypervisorEmulationAssistance;
        if (synchronous && (c.Msr & Msr.RI) == 0 && (c.Msr & Msr.PR) == 0)
        {
            Stop(MachineStopReason.Unrecoverable, $"thread {i} took {kind} at 0x{addr:x} with MSR[RI]=0 (a fault inside the fault handler)");
            return;
        }
        if (_lastStorm.Kind == kind && _lastStorm.Address == addr) _lastStorm.Count++;
        else _lastStorm = (kind, addr, 1);
        if (_lastStorm.Count >= StormLimit)
        {
            Stop(MachineStopReason.InterruptStorm, $"thread {i} took {kind} at 0x{addr:x} {StormLimit} times in a row");
            return;
        }
        if (kind == Interrupt.External) ExternalInterrupts++;
        if (kind is Interrupt.DirectedHypervisorDoorbell or Interrupt.DirectedPrivilegedDoorbell) CheckDoorbellMessages(c, i, kind == Interrupt.DirectedHypervisorDoorbell);
        c.DeliverPending();
        Recorder?.OnInterrupt(c, i, rec.Msr);
    }

    /// <summary>Thread <paramref name="i"/> takes a doorbell: did any raised one overtake its sender's stores?</summary>
    private void CheckDoorbellMessages(Cpu c, int i, bool hv)
    {
        var list = _doorbellsInFlight[i];
        if (list.Count == 0 || _overlay == null) return;
        for (int k = list.Count - 1; k >= 0; k--)
        {
            var (from, before, isHv) = list[k];
            if (isHv != hv) continue;
            list.RemoveAt(k);
            ulong visible = _overlay.PendingVisibility(from, i, before, c.Cycles);
            if (visible == 0) continue;
            DoorbellsOvertakingStores++;
            DoorbellLateCycles += visible - c.Cycles;
        }
    }

    private MachineStopReason Stop(MachineStopReason reason, string? why)
    {
        StopReason = reason;
        if (why != null) Diagnosis = why + "\n" + DescribeThreads();
        return reason;
    }

    /// <summary>Each thread's PC, MSR and last interrupts: what a person needs when a guest runs away.</summary>
    public string DescribeThreads()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < _cpus.Count; i++)
        {
            var c = _cpus[i];
            sb.Append($"  thread {i} (PIR {c.Pir}): pc=0x{c.Pc:x} msr=0x{c.Msr:x} cycles={c.Cycles}{(c.Stopped ? " stopped" : "")}");
            if (_history[i].Count > 0)
                sb.Append(" last interrupts: ").Append(string.Join(", ", _history[i].Select(r => $"{r.Kind}@0x{r.Address:x}")));
            sb.Append('\n');
        }
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>A fingerprint of the whole machine state: RAM, registers, time.</summary>
    public ulong StateHash()
    {
        ulong h = Ram.Hash();
        if (BlockDevice != null) h = (h ^ BlockDevice.Hash()) * 0x100000001b3UL;
        if (_overlay != null) h = (h ^ _overlay.Hash()) * 0x100000001b3UL;
        foreach (var c in _cpus)
        {
            for (int r = 0; r < 32; r++) h = (h ^ c.Gpr[r]) * 0x100000001b3UL;
            for (int r = 0; r < 64; r++) h = ((h ^ c.Vsr[r].Dw0) * 0x100000001b3UL ^ c.Vsr[r].Dw1) * 0x100000001b3UL;
            h = (h ^ c.Pc ^ c.Msr ^ c.Cr ^ c.Cycles) * 0x100000001b3UL;
        }
        return h;
    }
}
