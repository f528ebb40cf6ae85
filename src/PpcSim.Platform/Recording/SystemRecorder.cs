using PpcSim.Core;
using PpcSim.Devices;
using PpcSim.Isa;

namespace PpcSim.Platform.Recording;

/// <summary>
/// The simulator's own record of a run (attach with <see cref="SystemMachine.Attach"/> before it
/// starts): a timeline of interrupts taken, returns from interrupts, doorbells sent, block-device
/// DMA and entries to probed symbols; every store by a thread into a watched real address range
/// (with the instruction, its source register and, with <see cref="RegisterProvenance"/>, the
/// instruction that last wrote that register); and the last writer of each thread's 64 VSRs.
/// Observing changes nothing in the simulation: watched pages only leave the host-page fast path
/// for writes, and observed instructions run their own handlers at their own cost. Without a
/// recorder the machine pays one null check per interrupt, doorbell and slow-path store.
/// </summary>
public sealed class SystemRecorder : ICpuObserver
{
    private static readonly bool[] s_isReturn = BuildReturns();
    private static readonly (FieldInfo Field, int Offset, int Count)[][] s_vsrWrites = BuildVsrWrites();
    private static readonly (FieldInfo Field, int Count)[][] s_gprWrites = BuildGprWrites();
    private static readonly LoadAddressing?[] s_loads = BuildLoads();
    private ulong _pendingEa;
    private RegisterWriter?[][] _gprWriters = [];
    private readonly Dictionary<ulong, string> _symbols = [];
    private readonly List<(ulong Start, ulong End)> _watches = [];
    private readonly HashSet<ulong> _watchedPages = [];
    private readonly List<TimelineEvent> _events = [];
    private RegisterWriter?[][] _writers = [];
    private SystemMachine? _machine;

    /// <summary>Record interrupts, returns, doorbells, DMA and symbol hits (watched stores are always recorded).</summary>
    public bool Timeline { get; init; } = true;

    /// <summary>Track the last writer of every VSR and GPR, with the address loads read (per instruction: only for a replay that needs it).</summary>
    public bool RegisterProvenance { get; init; }

    /// <summary>Everything recorded, in the order the simulation produced it (each thread's own events are in cycle order).</summary>
    public IReadOnlyList<TimelineEvent> Events => _events;

    public IReadOnlyDictionary<ulong, string> Symbols => _symbols;

    /// <summary>Records entries to the function at effective address <paramref name="address"/> (before the machine runs).</summary>
    public void AddSymbol(ulong address, string name)
    {
        if (_machine != null) throw new InvalidOperationException("add symbols before attaching the recorder");
        _symbols[address] = name;
    }

    /// <summary>Records every thread store overlapping real addresses [pa, pa+length) (DMA excluded).</summary>
    public void WatchPhysical(ulong pa, ulong length)
    {
        if (length == 0) return;
        _watches.Add((pa, pa + length));
        for (ulong p = pa >> 12; p <= (pa + length - 1) >> 12; p++) _watchedPages.Add(p);
        if (_machine != null) foreach (var c in _machine.Cpus) c.FlushTlb();
    }

    /// <summary>The instruction that last wrote VSR <paramref name="vsr"/> of thread <paramref name="core"/> (null: none since recording began).</summary>
    public RegisterWriter? VsrWriter(int core, int vsr) => _writers.Length > core ? _writers[core][vsr] : null;

    /// <summary>The instruction that last wrote GPR <paramref name="gpr"/> of thread <paramref name="core"/>.</summary>
    public RegisterWriter? GprWriter(int core, int gpr) => _gprWriters.Length > core ? _gprWriters[core][gpr] : null;

    internal void Attach(SystemMachine m)
    {
        if (_machine != null) throw new InvalidOperationException("a recorder records one machine");
        _machine = m;
        _writers = new RegisterWriter?[m.Cpus.Count][];
        _gprWriters = new RegisterWriter?[m.Cpus.Count][];
        for (int i = 0; i < _writers.Length; i++)
        {
            _writers[i] = new RegisterWriter?[64];
            _gprWriters[i] = new RegisterWriter?[32];
        }
        foreach (var c in m.Cpus)
        {
            c.Observer = this;
            c.FlushTlb();
        }
        if (m.BlockDevice is { } dev && Timeline) dev.Transferred = OnDma;
    }

    internal bool IsWatchedPage(ulong pa) => _watchedPages.Count != 0 && _watchedPages.Contains(pa >> 12);

    // ---- machine hooks ------------------------------------------------------------------------

    internal void OnInterrupt(Cpu c, int core, ulong msrBefore)
    {
        if (!Timeline) return;
        var kind = c.LastInterrupt;
        ulong srr0 = c.IsHypervisorInterrupt(kind) ? c.Hsrr0 : c.Srr0;
        _events.Add(new TimelineEvent { Kind = TimelineEventKind.Interrupt, Cycle = c.Cycles, Core = core, Interrupt = kind, Pc = srr0, Msr = msrBefore });
    }

    internal void OnDoorbell(Cpu from, int core, DoorbellKind kind, uint pir, int targetCore, ulong when)
    {
        if (!Timeline) return;
        _events.Add(new TimelineEvent
        {
            Kind = TimelineEventKind.DoorbellSent, Cycle = from.Cycles, Core = core, Pc = from.Pc, Msr = from.Msr,
            Doorbell = kind, TargetPir = pir, TargetCore = targetCore, DeliveryCycle = when,
        });
    }

    internal void OnStore(Cpu c, int core, ulong ea, ulong pa, int size, ulong value)
    {
        if (_watches.Count == 0) return;
        bool hit = false;
        foreach (var (start, end) in _watches)
            if (pa < end && pa + (ulong)size > start) { hit = true; break; }
        if (!hit) return;
        uint word = 0;
        var op = c.PeekOp(c.Pc, out word);
        var (reg, vsr, gpr, regValue) = SourceRegister(c, op, word);
        var writer = vsr >= 0 ? _writers[core][vsr] : gpr >= 0 ? _gprWriters[core][gpr] : null;
        // A register filled by a load: translate what it read now, while the mapping that load
        // used is still in place (the store follows it by a few instructions in a copy loop).
        ulong? sourcePa = null;
        if (writer is { LoadAddress: { } lea } lw && _machine!.TryTranslateRead(core, lw.Msr, lea, out ulong lpa)) sourcePa = lpa;
        _events.Add(new TimelineEvent
        {
            Kind = TimelineEventKind.Store, Cycle = c.Cycles, Core = core, Pc = c.Pc, Msr = c.Msr, Word = word,
            EffectiveAddress = ea, PhysicalAddress = pa, Length = (uint)size, Value = value,
            Register = reg, Vsr = vsr, Gpr = gpr, RegisterValue = regValue, Writer = writer, SourcePhysicalAddress = sourcePa,
            VisibleAt = Visibility(c.Cycles, core, pa, size),
        });
    }

    /// <summary>When each thread can read a store just made (the storage overlay's per-destination times).</summary>
    private ulong[]? Visibility(ulong cycle, int core, ulong pa, int size)
    {
        int n = _machine!.Cpus.Count;
        var at = new ulong[n];
        bool? inFlight = _machine.Overlay is { } overlay ? overlay.InFlightVisibility(core, pa, size, at) : false;
        if (inFlight == null) return null;
        for (int t = 0; t < n; t++)
            if (inFlight == false || t == core || at[t] < cycle) at[t] = cycle;
        return at;
    }

    private void OnDma(BlockTransfer t) => _events.Add(new TimelineEvent
    {
        Kind = TimelineEventKind.BlockDma, Cycle = t.Cycle, Core = -1, DiskWrite = t.Write, Sector = t.Sector,
        PhysicalAddress = t.PhysicalAddress, Length = t.Length,
    });

    /// <summary>The register a store takes its data from: its first register operand that is not an address register.</summary>
    private static (string? Name, int Vsr, int Gpr, Vec128 Value) SourceRegister(Cpu c, Op op, uint word)
    {
        var spec = IsaTable.Get(op);
        foreach (var r in spec.Reads)
        {
            if (r is "ra" or "ra0" or "rb" || !IsaTable.TryGetField(r, out var f)) continue;
            int n = (int)f.Value(word);
            switch (f.Kind)
            {
                case "gpr":
                case "gpr0":
                    return ("r" + n, -1, n, new Vec128(c.Gpr[n], 0));
                case "fpr":
                    return ("f" + n, n, -1, c.Vsr[n]);
                case "vr":
                    return ("v" + n, 32 + n, -1, c.Vsr[32 + n]);
                case "vsr":
                    return ("vs" + n, n, -1, c.Vsr[n]);
            }
        }
        return (null, -1, -1, default);
    }

    // ---- ICpuObserver -------------------------------------------------------------------------

    public bool Wants(ulong pc, Op op) =>
        (_symbols.Count != 0 && _symbols.ContainsKey(pc))
        || (Timeline && s_isReturn[(int)op])
        || (RegisterProvenance && (s_vsrWrites[(int)op].Length != 0 || s_gprWrites[(int)op].Length != 0));

    public void Before(Cpu c, uint word, Op op)
    {
        // The effective address of a load, before it can overwrite its own base register.
        if (RegisterProvenance && s_loads[(int)op] is { } la) _pendingEa = la.EffectiveAddress(c, word);
        if (Timeline && _symbols.TryGetValue(c.Pc, out var name))
            _events.Add(new TimelineEvent { Kind = TimelineEventKind.SymbolHit, Cycle = c.Cycles, Core = CoreOf(c), Pc = c.Pc, Msr = c.Msr, Symbol = name });
    }

    public void After(Cpu c, uint word, Op op)
    {
        if (Timeline && s_isReturn[(int)op])
            _events.Add(new TimelineEvent { Kind = TimelineEventKind.Return, Cycle = c.Cycles, Core = CoreOf(c), Pc = c.Nia, Msr = c.Msr });
        if (!RegisterProvenance) return;
        var writes = s_vsrWrites[(int)op];
        var gwrites = s_gprWrites[(int)op];
        if (writes.Length == 0 && gwrites.Length == 0) return;
        int core = CoreOf(c);
        var load = s_loads[(int)op];
        var w = load != null
            ? new RegisterWriter(core, c.Pc, word, c.Cycles, c.Msr, _pendingEa, load.Size)
            : new RegisterWriter(core, c.Pc, word, c.Cycles, c.Msr);
        foreach (var (f, offset, count) in writes)
        {
            int n = (int)f.Value(word) + offset;
            for (int k = 0; k < count && n + k < 64; k++) _writers[core][n + k] = w;
        }
        foreach (var (f, count) in gwrites)
        {
            int n = (int)f.Value(word);
            // An update-form load writes RA with the address, not loaded data.
            var gw = load != null && f.Name == "ra" ? w with { LoadAddress = null, LoadSize = 0 } : w;
            for (int k = 0; k < count && n + k < 32; k++) _gprWriters[core][n + k] = gw;
        }
    }

    private int CoreOf(Cpu c) => _machine!.CoreIndex(c);

    private static bool[] BuildReturns()
    {
        var specs = IsaTable.Specs;
        var r = new bool[specs.Count];
        for (int i = 0; i < specs.Count; i++) r[i] = specs[i].Name is "rfid" or "hrfid";
        return r;
    }

    private static (FieldInfo, int)[][] BuildGprWrites()
    {
        var specs = IsaTable.Specs;
        var r = new (FieldInfo, int)[specs.Count][];
        for (int i = 0; i < specs.Count; i++)
        {
            var list = new List<(FieldInfo, int)>();
            foreach (var w in specs[i].Writes)
                if (IsaTable.TryGetField(w, out var f) && f.Kind is "gpr" or "gpr0") list.Add((f, f.Scale == 1 ? 2 : 1));
            r[i] = [.. list];
        }
        return r;
    }

    private static LoadAddressing?[] BuildLoads()
    {
        var specs = IsaTable.Specs;
        var r = new LoadAddressing?[specs.Count];
        for (int i = 0; i < specs.Count; i++) r[i] = LoadAddressing.For(specs[i]);
        return r;
    }

    private static (FieldInfo, int, int)[][] BuildVsrWrites()
    {
        // isa/ writes=: FPR n is VSR n (mffs and friends also set doubleword 1), VR n is VSR 32+n,
        // an FPR pair (frtp) writes two.
        var specs = IsaTable.Specs;
        var r = new (FieldInfo, int, int)[specs.Count][];
        for (int i = 0; i < specs.Count; i++)
        {
            var list = new List<(FieldInfo, int, int)>();
            foreach (var w in specs[i].Writes)
            {
                if (!IsaTable.TryGetField(w, out var f)) continue;
                switch (f.Kind)
                {
                    case "fpr": list.Add((f, 0, f.Scale == 1 ? 2 : 1)); break;
                    case "vr": list.Add((f, 32, 1)); break;
                    case "vsr": list.Add((f, 0, 1)); break;
                }
            }
            r[i] = [.. list];
        }
        return r;
    }
}
