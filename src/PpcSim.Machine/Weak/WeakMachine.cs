using System.Numerics;
using System.Text;
using PpcSim.Core;
using PpcSim.Core.Random;
using PpcSim.Memory.Weak;

namespace PpcSim.Machine.Weak;

/// <summary>
/// N hardware threads (1-64) on one storage subsystem, driven by a seeded scheduler: in every
/// step the machine lists the enabled choices (<see cref="Enumerate"/>) and the scheduler picks
/// one; everything else happens eagerly. With the same seed a run is the same, bit for bit, and
/// ends in a state hash. <see cref="Explorer"/> instead follows every choice.
/// </summary>
public sealed class WeakMachine
{
    private readonly ThreadEngine[] _threads;
    private readonly WeakThreadSetup[] _setups;
    private readonly List<Transition> _scratch = [];

    public WeakMachine(MemoryModel model, IReadOnlyList<WeakThreadSetup> threads, IEnumerable<(ulong Address, ulong Value)> initialMemory, LocationTable? locations = null)
    {
        if (threads.Count < 1 || threads.Count > StorageSubsystem.MaxThreads)
            throw new ArgumentOutOfRangeException(nameof(threads), $"1..{StorageSubsystem.MaxThreads} threads");
        Model = model;
        Port = new ShadowPort();
        Shadow = new Cpu(Port);
        Storage = new StorageSubsystem(model, threads.Count);
        Locations = locations ?? new LocationTable();
        foreach (var (ea, v) in initialMemory) Storage.SetInitial(Locations.Intern(ea), v);
        _setups = threads.ToArray();
        _threads = new ThreadEngine[threads.Count];
        for (int t = 0; t < threads.Count; t++) _threads[t] = new ThreadEngine(this, t, threads[t].Program, threads[t].Registers);
        Storage.ForeignWriteArrived = (w, t) => _threads[t].ForeignWrite(w);
        Reset();
    }

    /// <summary>A machine with the same programs and initial state (for the exhaustive search).</summary>
    private WeakMachine(WeakMachine o)
    {
        Model = o.Model;
        Port = new ShadowPort();
        Shadow = new Cpu(Port);
        Storage = new StorageSubsystem(o.Model, o._threads.Length);
        Storage.CopyFrom(o.Storage);
        Locations = o.Locations;
        _setups = o._setups;
        _threads = new ThreadEngine[o._threads.Length];
        for (int t = 0; t < _threads.Length; t++)
        {
            _threads[t] = new ThreadEngine(this, t, _setups[t].Program, _setups[t].Registers);
            _threads[t].CopyFrom(o._threads[t]);
        }
        Storage.ForeignWriteArrived = (w, t) => _threads[t].ForeignWrite(w);
    }

    public MemoryModel Model { get; }
    public StorageSubsystem Storage { get; }
    public LocationTable Locations { get; }
    internal Cpu Shadow { get; }
    internal ShadowPort Port { get; }
    public int ThreadCount => _threads.Length;
    /// <summary>Loads restarted so far (coherence or dependency restarts); a statistic.</summary>
    public long Restarts { get; internal set; }

    /// <summary>Back to the initial state: empty storage, empty windows, eager steps done.</summary>
    public void Reset()
    {
        Storage.Reset();
        foreach (var t in _threads) t.Reset();
        foreach (var t in _threads) t.Settle();
    }

    public WeakMachine Clone() => new(this);

    public void CopyFrom(WeakMachine o)
    {
        Storage.CopyFrom(o.Storage);
        for (int t = 0; t < _threads.Length; t++) _threads[t].CopyFrom(o._threads[t]);
    }

    /// <summary>Every enabled choice, in a fixed order (threads, then storage).</summary>
    public void Enumerate(List<Transition> list, bool exhaustive = false)
    {
        foreach (var t in _threads) t.Enumerate(list, exhaustive);
        switch (Model)
        {
            case MemoryModel.Power:
                ulong pending = Storage.Pending;
                while (pending != 0)
                {
                    int e = BitOperations.TrailingZeroCount(pending);
                    pending &= pending - 1;
                    for (int t = 0; t < _threads.Length; t++)
                        if (Storage.CanPropagate(e, t)) list.Add(new Transition(TransitionKind.Propagate, Storage.ThreadOf(e), e, t));
                }
                break;
            case MemoryModel.Tso:
                for (int t = 0; t < _threads.Length; t++)
                {
                    int e = Storage.OldestBuffered(t);
                    if (e >= 0) list.Add(new Transition(TransitionKind.Drain, t, e));
                }
                break;
        }
    }

    /// <summary>
    /// Storage events are forgotten once nothing can observe them any more (see
    /// <see cref="StorageSubsystem.Retirable"/>), when more than this many are in flight; short
    /// runs (litmus tests) never get there, so their states are unaffected.
    /// </summary>
    public const int RetireEventsAbove = 40;

    private void CollectEvents()
    {
        ulong r = Storage.Retirable(out ulong folded);
        if (r == 0) return;
        ulong needed = 0;
        foreach (var th in _threads) needed |= th.ReferencedEvents();
        // Keep a location whole if a thread still needs one of its writes other than the latest.
        ulong blocked = needed & r & ~folded;
        for (ulong m = blocked; m != 0; m &= m - 1)
        {
            int e = System.Numerics.BitOperations.TrailingZeroCount(m);
            if (Storage.IsWrite(e))
            {
                int loc = Storage.LocationOf(e);
                for (ulong x = r; x != 0; x &= x - 1)
                {
                    int y = System.Numerics.BitOperations.TrailingZeroCount(x);
                    if (Storage.IsWrite(y) && Storage.LocationOf(y) == loc) { r &= ~(1UL << y); folded &= ~(1UL << y); }
                }
            }
            else r &= ~(1UL << e);
        }
        if (r == 0) return;
        Storage.Retire(r, folded);
        foreach (var th in _threads) th.ForgetEvents(r, folded);
    }

    /// <summary>Takes one transition; <paramref name="spurious"/> decides spurious store-conditional failures when the transition leaves it open.</summary>
    public void Apply(in Transition t, Xoshiro256StarStar? spurious = null)
    {
        ApplyOne(t, spurious);
        if (Storage.EventCount > RetireEventsAbove) CollectEvents();
    }

    private void ApplyOne(in Transition t, Xoshiro256StarStar? spurious)
    {
        switch (t.Kind)
        {
            case TransitionKind.Propagate:
                Storage.Propagate(t.Index, t.Target);
                break;
            case TransitionKind.Drain:
                Storage.PropagateToAll(t.Index);
                break;
            default:
                _threads[t.Thread].Apply(t, spurious);
                break;
        }
    }

    public bool AllFinished => _threads.All(t => t.Finished);

    /// <summary>The first thread fault (an instruction the weak engine cannot run, a guest exception), or null.</summary>
    public string? Fault => _threads.Select(t => t.Fault is { } f ? $"P{t.Id}: {f}" : null).FirstOrDefault(f => f != null);

    /// <summary>
    /// One seeded run from the initial state to the end, every choice drawn from
    /// <paramref name="scheduler"/>. A uniform choice among the enabled transitions rarely
    /// produces the interleavings weak behaviours need (one propagation path slow, one reader
    /// fast, one write held back), so each run first picks a strategy:
    /// * weighted (one run in four): every thread and propagation path, and every instruction
    ///   or (event, destination), gets a random speed (a power of two); transitions are drawn in
    ///   proportion to the product;
    /// * priority (three in four): every instruction and (event, destination) gets a random
    ///   priority, and the enabled transition with the highest one goes next (one step in 64 is
    ///   uniform instead): a random order of everything, followed as soon as it is enabled.
    /// On the 80-test suite and the 8,068-test campaign this reaches rare witnesses an order of
    /// magnitude more often than uniform choice. Returns the number of steps; <paramref name="trace"/>
    /// (if given) receives every choice, so equal seeds can be checked to give equal runs.
    /// </summary>
    public int Run(Xoshiro256StarStar scheduler, Xoshiro256StarStar? spurious, StateWriter? trace = null, int maxSteps = 100_000)
    {
        Reset();
        int n = _threads.Length;
        if (_threadSpeed.Length != n)
        {
            _threadSpeed = new int[n];
            _pathSpeed = new int[n * n];
        }
        // Strategy of this run: 0 uniform (unused by default), 1 weighted by speeds, 2 highest priority first.
        int strategy = StrategyMix[scheduler.NextBelow(StrategyMix.Length)];
        bool even = strategy == 0;
        for (int t = 0; t < n; t++) _threadSpeed[t] = even ? 1 : 1 << scheduler.NextBelow(5);
        for (int p = 0; p < n * n; p++) _pathSpeed[p] = even ? 1 : 1 << scheduler.NextBelow(5);
        _salt = scheduler.Next();
        var list = _scratch;
        int steps = 0;
        while (true)
        {
            list.Clear();
            Enumerate(list);
            if (list.Count == 0) break;
            Transition t;
            if (list.Count == 1) t = list[0];
            else if (even || (strategy == 2 && scheduler.OneIn(PriorityNoise))) t = list[scheduler.NextBelow(list.Count)];
            else if (strategy == 2)
            {
                int best = 0;
                ulong bestKey = 0;
                for (int k = 0; k < list.Count; k++)
                {
                    ulong pk = StateWriter.Mix(_salt ^ ItemKey(list[k]) ^ 0x5bd1e995UL);
                    if (pk > bestKey) { bestKey = pk; best = k; }
                }
                t = list[best];
            }
            else
            {
                int total = 0;
                foreach (var x in list) total += Speed(x, n);
                int r = scheduler.NextBelow(total), k = 0;
                while ((r -= Speed(list[k], n)) >= 0) k++;
                t = list[k];
            }
            Apply(t, spurious);
            trace?.Add((ulong)t.Kind | ((ulong)t.Thread << 8) | ((ulong)t.Index << 16) | ((ulong)t.Target << 24) | ((ulong)t.Variant << 32));
            if (++steps > maxSteps) throw new WeakMachineException($"no end after {maxSteps} steps\n{Describe()}");
        }
        if (!AllFinished && Fault == null) throw new WeakMachineException($"deadlock: no transition enabled but not every thread finished\n{Describe()}");
        return steps;
    }

    private int[] _threadSpeed = [], _pathSpeed = [];

    private ulong _salt;

    /// <summary>
    /// Weight of a transition in a biased run: the speed of its thread or propagation path times
    /// a speed of its own (the instruction, or the event and destination), all powers of two.
    /// </summary>
    private int Speed(in Transition t, int n)
    {
        int path = t.Kind switch
        {
            TransitionKind.Propagate => _pathSpeed[t.Thread * n + t.Target],
            TransitionKind.Drain => _pathSpeed[t.Thread * n + t.Thread],
            _ => _threadSpeed[t.Thread],
        };
        return path << (int)(StateWriter.Mix(_salt ^ ItemKey(t)) % (ulong)ItemSpeedLevels);
    }

    /// <summary>A name for what a transition does that does not depend on event numbering.</summary>
    private ulong ItemKey(in Transition t) => t.Kind switch
    {
        TransitionKind.Propagate => ((ulong)(uint)Storage.TagOf(t.Index) << 8) | (uint)t.Target | (1UL << 62),
        TransitionKind.Drain => ((ulong)(uint)Storage.TagOf(t.Index) << 8) | (1UL << 61),
        _ => ((ulong)t.Kind << 40) | ((ulong)(uint)t.Thread << 20) | (uint)t.Index,
    };

    /// <summary>In a priority run, one step in this many is a uniform choice instead.</summary>
    private const int PriorityNoise = 64;

    /// <summary>Strategies of runs, drawn uniformly: one run in four weighted by speeds, three in four by priority.</summary>
    private static readonly int[] StrategyMix = [1, 2, 2, 2];

    /// <summary>Per-item speeds range over 2^0..2^(levels-1).</summary>
    private const int ItemSpeedLevels = 5;

    public ulong FinalRegister(int thread, int resource) => _threads[thread].FinalRegister(resource);

    /// <summary>Final value of the location at <paramref name="ea"/> (its initial value if never written).</summary>
    public ulong FinalMemory(ulong ea) => Locations.TryGet(ea, out int loc) ? Storage.FinalValue(loc, out _) : 0;

    /// <summary>Hash of the architected end state: every thread's registers and every location's final value.</summary>
    public ulong StateHash()
    {
        var w = new StateWriter();
        HashFinalState(w);
        return w.Hash64;
    }

    public void HashFinalState(StateWriter w)
    {
        Span<ulong> regs = stackalloc ulong[Resource.Count];
        foreach (var t in _threads)
        {
            t.FinalRegisters(regs);
            for (int r = 0; r < Resource.Count; r++) w.Add(regs[r]);
        }
        for (int loc = 0; loc < Locations.Count; loc++)
        {
            w.Add(Locations.AddressOf(loc));
            w.Add(Storage.FinalValue(loc, out _));
        }
    }

    /// <summary>The whole machine state, with storage events named independently of their order.</summary>
    public void Serialize(StateWriter w)
    {
        Storage.Serialize(w);
        foreach (var t in _threads) t.Serialize(w);
    }

    public string Describe()
    {
        var sb = new StringBuilder();
        foreach (var t in _threads) sb.AppendLine(t.Describe());
        return sb.ToString();
    }
}
