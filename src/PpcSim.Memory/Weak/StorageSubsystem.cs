using System.Numerics;
using System.Runtime.CompilerServices;

namespace PpcSim.Memory.Weak;

/// <summary>
/// The storage subsystem of the operational POWER model (Sarkar, Sewell, Alglave, Maranget,
/// Williams, "Understanding POWER multiprocessors", PLDI 2011; summarised in
/// ../shared/docs/power-memory-model.md), plus the TSO and SC baselines.
///
/// State: the events (writes and barriers) the storage has accepted; for every thread the set
/// of events propagated to it (its "view"); per location a coherence order that only grows;
/// for each barrier its group A (what its thread had seen when it was accepted). A thread reads
/// the coherence-latest write to a location among those propagated to it.
///
/// Everything is a bitmask over event ids (at most <see cref="MaxEvents"/> per run) or over
/// thread ids (at most <see cref="MaxThreads"/>), so one run allocates nothing and a reset is a
/// few stores. Event ids are handed out in acceptance order; <see cref="Serialize"/> renames
/// them by the caller's tags so that equal states from different interleavings hash alike.
/// </summary>
public sealed class StorageSubsystem
{
    public const int MaxEvents = 64;
    public const int MaxThreads = 64;
    public const int MaxLocations = 64;
    public const int InitialWrite = -1;

    private readonly int _threads;
    private readonly ulong _allThreads;
    private readonly ulong[] _setupInitial = new ulong[MaxLocations];
    /// <summary>Initial values, plus the values of retired latest writes (a long run folds old writes in).</summary>
    private readonly ulong[] _initial = new ulong[MaxLocations];

    // Per event.
    /// <summary>Event ids in use (ids of retired events are reused) and one past the highest ever used.</summary>
    private ulong _live;
    private int _count;
    private readonly StorageEventKind[] _kind = new StorageEventKind[MaxEvents];
    private readonly byte[] _thread = new byte[MaxEvents];
    private readonly byte[] _loc = new byte[MaxEvents];
    private readonly ulong[] _value = new ulong[MaxEvents];
    private readonly int[] _tag = new int[MaxEvents];
    /// <summary>Threads the event has been propagated to (bit t).</summary>
    private readonly ulong[] _have = new ulong[MaxEvents];
    /// <summary>
    /// Writes: the writes ordered after it by coherence or by barrier propagation order (herd's
    /// <c>co | prop</c> restricted to writes), transitively closed. Coherence is this relation
    /// restricted to one location: whenever a path w1 -> w2 between writes to the same location
    /// appears, w1 is coherence-before w2 (herd requires <c>acyclic co | prop</c>).
    /// </summary>
    private readonly ulong[] _reach = new ulong[MaxEvents];
    /// <summary>Writes: the barriers before it in its own thread's view when accepted. Barriers: group A.</summary>
    private readonly ulong[] _pre = new ulong[MaxEvents];

    // Per thread / location.
    private readonly ulong[] _seen;
    private readonly ulong[] _ownWrites;
    private readonly int[] _last;
    private readonly ulong[] _locWrites = new ulong[MaxLocations];
    private ulong _writes, _barriers, _pending;
    /// <summary>Successful store conditionals and the write each one's load-reserve read (-1: the initial value).</summary>
    private ulong _atomic;
    private readonly int[] _atomicSource = new int[MaxEvents];
    private readonly ulong[] _scratch = new ulong[MaxEvents];

    public StorageSubsystem(MemoryModel model, int threads)
    {
        if (threads < 1 || threads > MaxThreads) throw new ArgumentOutOfRangeException(nameof(threads), $"1..{MaxThreads} threads");
        Model = model;
        _threads = threads;
        _allThreads = threads == 64 ? ulong.MaxValue : (1UL << threads) - 1;
        _seen = new ulong[threads];
        _ownWrites = new ulong[threads];
        _last = new int[threads * MaxLocations];
        Reset();
    }

    public MemoryModel Model { get; }

    /// <summary>Called when a write reaches a thread other than its own (write, thread): reservations watch for it.</summary>
    public Action<int, int>? ForeignWriteArrived { get; set; }
    public int Threads => _threads;
    public int EventCount => BitOperations.PopCount(_live);

    /// <summary>Value of a location before any write (the litmus init block).</summary>
    public void SetInitial(int loc, ulong value)
    {
        _setupInitial[loc] = _initial[loc] = value;
        _locHigh = Math.Max(_locHigh, loc + 1);
    }

    /// <summary>One past the highest location number used so far (bounds what <see cref="Serialize"/> writes).</summary>
    private int _locHigh;

    public ulong Initial(int loc) => _initial[loc];

    /// <summary>Back to the empty storage (initial values kept).</summary>
    public void Reset()
    {
        _count = 0;
        _live = 0;
        Array.Copy(_setupInitial, _initial, MaxLocations);
        Array.Clear(_seen);
        Array.Clear(_ownWrites);
        Array.Fill(_last, InitialWrite);
        Array.Clear(_locWrites);
        _writes = _barriers = _pending = _atomic = 0;
    }

    // ---- queries ----------------------------------------------------------------------------

    public StorageEventKind KindOf(int e) => _kind[e];
    public int ThreadOf(int e) => _thread[e];
    public int LocationOf(int e) => _loc[e];
    public ulong ValueOf(int e) => _value[e];
    public int TagOf(int e) => _tag[e];
    public bool IsWrite(int e) => _kind[e] == StorageEventKind.Write;

    /// <summary>True when event <paramref name="e"/> has been propagated to thread <paramref name="t"/>.</summary>
    public bool Has(int t, int e) => ((_have[e] >> t) & 1) != 0;

    /// <summary>Coherence-latest write to <paramref name="loc"/> that thread <paramref name="t"/> has seen, or <see cref="InitialWrite"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int LastWrite(int t, int loc) => _last[t * MaxLocations + loc];

    /// <summary>What a read of <paramref name="loc"/> by thread <paramref name="t"/> returns from storage (rule 7).</summary>
    public ulong Read(int t, int loc, out int write)
    {
        write = _last[t * MaxLocations + loc];
        return write < 0 ? _initial[loc] : _value[write];
    }

    /// <summary>True when write <paramref name="a"/> is coherence-before write <paramref name="b"/>; the initial value is before every write.</summary>
    public bool CoBefore(int a, int b)
    {
        if (a == b || b < 0) return false;
        if (a < 0) return true;
        return ((_reach[a] >> b) & 1) != 0;
    }

    /// <summary>A sync is acknowledged once it has been propagated to every thread (rule 6).</summary>
    public bool IsAcknowledged(int b) => _have[b] == _allThreads;

    /// <summary>Events not yet propagated to every thread (candidates for propagation transitions).</summary>
    public ulong Pending => _pending;

    /// <summary>
    /// The final value of a location: the coherence-maximal write. Once no propagation is
    /// enabled every thread's view agrees on it (a write missing from a view is superseded there).
    /// </summary>
    public ulong FinalValue(int loc, out int write)
    {
        write = InitialWrite;
        ulong ws = _locWrites[loc];
        while (ws != 0)
        {
            int w = BitOperations.TrailingZeroCount(ws);
            ws &= ws - 1;
            if ((_reach[w] & _locWrites[loc]) == 0)
            {
                if (write >= 0 && write != w) throw new InvalidOperationException($"coherence of location {loc} is not total at the end of the run");
                write = w;
            }
        }
        return write < 0 ? _initial[loc] : _value[write];
    }

    // ---- rule 1: accept a write -------------------------------------------------------------

    /// <summary>Accepts a committed write from thread <paramref name="t"/>: coherence-after everything its thread has seen.</summary>
    public int AcceptWrite(int t, int loc, ulong value, int tag)
    {
        int e = NewEvent(StorageEventKind.Write, t, tag);
        _loc[e] = (byte)loc;
        _value[e] = value;
        _reach[e] = 0;
        if (loc >= _locHigh) _locHigh = loc + 1;
        ulong pre = _seen[t] & _barriers;
        _pre[e] = pre;
        // Barrier order: every write in the group A of a barrier before this write in its
        // thread's view is ordered before it (herd's prop for write pairs; with sync and lwsync
        // also the writes the thread had seen, i.e. A-cumulativity).
        ulong propBefore = 0;
        while (pre != 0)
        {
            int b = BitOperations.TrailingZeroCount(pre);
            pre &= pre - 1;
            propBefore |= _pre[b];
        }
        propBefore &= _writes;
        _writes |= 1UL << e;
        _locWrites[loc] |= 1UL << e;
        _ownWrites[t] |= 1UL << e;
        if (propBefore != 0 && !AddEdgesInto(_reach, e, propBefore)) throw new InvalidOperationException("cycle on accepting a write");
        Link(e, t);
        if (Model == MemoryModel.Sc) PropagateToAll(e);
        return e;
    }

    /// <summary>
    /// A successful store conditional: its write must be coherence-immediately-after the write
    /// its load-reserve read (<paramref name="source"/>), now and forever: herd's
    /// <c>empty rmw &amp; (fre;coe)</c>. Possible while nothing is, or has to be, ordered between
    /// the two; afterwards every write not before the source is kept after the new one.
    /// </summary>
    public bool CanStoreConditional(int t, int loc, int source)
    {
        if (_last[t * MaxLocations + loc] != source) return false;
        if (_live == ulong.MaxValue) return false;
        // Try it on a scratch copy of the order, as the next event id would be.
        int e = BitOperations.TrailingZeroCount(~_live);
        Array.Copy(_reach, _scratch, Math.Max(_count, e + 1));
        _scratch[e] = 0;
        ulong bit = 1UL << e;
        ulong savedWrites = _writes, savedLoc = _locWrites[loc], savedAtomic = _atomic;
        _writes |= bit;
        _locWrites[loc] |= bit;
        _atomic |= bit;
        _atomicSource[e] = source;
        _loc[e] = (byte)loc;
        bool ok = AddEdgesInto(_scratch, e, PredecessorsOfNewWrite(t, loc)) && GlueAtomic(_scratch, e) && Saturate(_scratch);
        _writes = savedWrites;
        _locWrites[loc] = savedLoc;
        _atomic = savedAtomic;
        return ok;
    }

    public int AcceptAtomicWrite(int t, int loc, ulong value, int source, int tag)
    {
        if (!CanStoreConditional(t, loc, source)) throw new InvalidOperationException("store conditional without a valid reservation");
        int e = AcceptWrite(t, loc, value, tag);
        _atomic |= 1UL << e;
        _atomicSource[e] = source;
        if (!GlueAtomic(_reach, e) || !Saturate(_reach)) throw new InvalidOperationException("store conditional broke the coherence order");
        return e;
    }

    /// <summary>Writes a new write by thread <paramref name="t"/> to <paramref name="loc"/> is ordered after (its view and barrier order).</summary>
    private ulong PredecessorsOfNewWrite(int t, int loc)
    {
        ulong pre = _seen[t] & _barriers, from = _seen[t] & _locWrites[loc];
        while (pre != 0)
        {
            int b = BitOperations.TrailingZeroCount(pre);
            pre &= pre - 1;
            from |= _pre[b];
        }
        return from & _writes;
    }

    /// <summary>Orders atomic write <paramref name="e"/> before every write to its location not already before its source.</summary>
    private bool GlueAtomic(ulong[] r, int e)
    {
        int s = _atomicSource[e];
        ulong others = _locWrites[_loc[e]] & ~(1UL << e);
        if (s >= 0) others &= ~(1UL << s);
        while (others != 0)
        {
            int x = BitOperations.TrailingZeroCount(others);
            others &= others - 1;
            bool beforeSource = s >= 0 && ((r[x] >> s) & 1) != 0;
            if (!beforeSource && ((r[e] >> x) & 1) == 0 && !AddEdgesInto(r, x, 1UL << e)) return false;
        }
        return true;
    }

    /// <summary>
    /// Keeps every successful store conditional glued to its source: a write that comes after
    /// the source must come after the store conditional too, and one before the store
    /// conditional must be before the source. False when that is impossible (a cycle).
    /// </summary>
    private bool Saturate(ulong[] r)
    {
        if (_atomic == 0) return true;
        bool changed;
        do
        {
            changed = false;
            ulong am = _atomic;
            while (am != 0)
            {
                int e = BitOperations.TrailingZeroCount(am);
                am &= am - 1;
                int s = _atomicSource[e];
                ulong others = _locWrites[_loc[e]] & ~(1UL << e);
                ulong after = (s < 0 ? others : r[s] & others) & ~r[e];
                while (after != 0)
                {
                    int x = BitOperations.TrailingZeroCount(after);
                    after &= after - 1;
                    if (!AddEdgesInto(r, x, 1UL << e)) return false;
                    changed = true;
                }
                ulong ws = others;
                if (s >= 0) ws &= ~(1UL << s);
                while (ws != 0)
                {
                    int w = BitOperations.TrailingZeroCount(ws);
                    ws &= ws - 1;
                    if (((r[w] >> e) & 1) == 0) continue;
                    if (s < 0) return false;
                    if (((r[w] >> s) & 1) != 0) continue;
                    if (!AddEdgesInto(r, s, 1UL << w)) return false;
                    changed = true;
                }
            }
        }
        while (changed);
        return true;
    }

    // ---- rule 4: accept a barrier -----------------------------------------------------------

    /// <summary>
    /// Accepts a committed barrier. Its group A is what its thread has seen (sync, lwsync); for
    /// eieio only the thread's own writes, since herd's eieio orders write-write pairs of its own
    /// thread and is not cumulative over writes the thread merely read.
    /// </summary>
    public int AcceptBarrier(int t, StorageEventKind kind, int tag)
    {
        if (kind == StorageEventKind.Write) throw new ArgumentException("not a barrier", nameof(kind));
        int e = NewEvent(kind, t, tag);
        _pre[e] = kind == StorageEventKind.Eieio ? _seen[t] & _ownWrites[t] : _seen[t];
        _barriers |= 1UL << e;
        _seen[t] |= 1UL << e;
        return e;
    }

    // ---- rules 3 and 5: propagation ---------------------------------------------------------

    /// <summary>Is propagating event <paramref name="e"/> to thread <paramref name="t"/> enabled?</summary>
    public bool CanPropagate(int e, int t)
    {
        if (((_have[e] >> t) & 1) != 0) return false;
        ulong seen = _seen[t];
        if (_kind[e] == StorageEventKind.Write)
        {
            // (a) barriers that preceded it in its own thread's view are already there (cumulativity);
            // (b) nothing coherence-after it is already there.
            if ((_pre[e] & ~seen) != 0 || (_reach[e] & _locWrites[_loc[e]] & seen) != 0) return false;
            if (_atomic == 0) return true;
            Array.Copy(_reach, _scratch, _count);
            return AddEdgesInto(_scratch, e, seen & _locWrites[_loc[e]] & ~(1UL << e)) && Saturate(_scratch);
        }
        return Covered(_pre[e], t);
    }

    /// <summary>
    /// Every event of <paramref name="group"/> has reached thread <paramref name="t"/>, counting a
    /// write as reached when a coherence-later write has (it can then never propagate there, and
    /// the thread can no longer read anything older than it).
    /// </summary>
    private bool Covered(ulong group, int t)
    {
        ulong seen = _seen[t];
        ulong missing = group & ~seen;
        if ((missing & _barriers) != 0) return false;
        while (missing != 0)
        {
            int w = BitOperations.TrailingZeroCount(missing);
            missing &= missing - 1;
            if ((_reach[w] & _locWrites[_loc[w]] & seen) == 0) return false;
        }
        return true;
    }

    public void Propagate(int e, int t)
    {
        if (_kind[e] == StorageEventKind.Write) Link(e, t);
        else
        {
            _have[e] |= 1UL << t;
            _seen[t] |= 1UL << e;
            if (_have[e] == _allThreads) _pending &= ~(1UL << e);
        }
    }

    /// <summary>TSO: the oldest write of thread <paramref name="t"/> still in its store buffer, or -1.</summary>
    public int OldestBuffered(int t)
    {
        ulong buffered = _ownWrites[t] & _pending;
        return buffered == 0 ? -1 : BitOperations.TrailingZeroCount(buffered);
    }

    /// <summary>TSO store-buffer drain of one write: it reaches every other thread at once.</summary>
    public void PropagateToAll(int e)
    {
        if (Model != MemoryModel.Tso)
        {
            for (int t = 0; t < _threads; t++)
                if (((_have[e] >> t) & 1) == 0) Link(e, t);
            return;
        }
        // TSO: the write reaches memory. Coherence is memory order: after every write already
        // drained (and the thread's own earlier writes, which drained first), before the writes
        // still sitting in other store buffers; a thread keeps reading its own buffered write.
        int loc = _loc[e];
        ulong drained = _locWrites[loc] & ~_pending & ~(1UL << e);
        if (drained != 0 && !AddEdgesInto(_reach, e, drained)) throw new InvalidOperationException("coherence cycle on drain");
        for (int t = 0; t < _threads; t++)
        {
            if (((_have[e] >> t) & 1) != 0) continue;
            _have[e] |= 1UL << t;
            _seen[t] |= 1UL << e;
            int last = _last[t * MaxLocations + loc];
            bool ownBuffered = last >= 0 && _thread[last] == t && ((_pending >> last) & 1) != 0;
            if (!ownBuffered) _last[t * MaxLocations + loc] = e;
            ForeignWriteArrived?.Invoke(e, t);
        }
        _pending &= ~(1UL << e);
    }

    // ---- internals ----------------------------------------------------------------------------

    private int NewEvent(StorageEventKind kind, int t, int tag)
    {
        if (_live == ulong.MaxValue) throw new StorageCapacityException($"more than {MaxEvents} storage events in flight");
        int e = BitOperations.TrailingZeroCount(~_live);
        _live |= 1UL << e;
        if (e >= _count) _count = e + 1;
        _kind[e] = kind;
        _thread[e] = (byte)t;
        _tag[e] = tag;
        _have[e] = 1UL << t;
        _pending |= 1UL << e;
        if (_threads == 1) _pending &= ~(1UL << e);
        return e;
    }

    /// <summary>Appends write <paramref name="w"/> to thread <paramref name="t"/>'s view, coherence-after every write to the location already there.</summary>
    private void Link(int w, int t)
    {
        int loc = _loc[w];
        ulong before = _seen[t] & _locWrites[loc] & ~(1UL << w);
        if (before != 0 && !AddEdgesInto(_reach, w, before)) throw new InvalidOperationException("coherence cycle on propagation");
        if (!Saturate(_reach)) throw new InvalidOperationException("propagation broke a store conditional");
        _have[w] |= 1UL << t;
        _seen[t] |= 1UL << w;
        _last[t * MaxLocations + loc] = w;
        if (_have[w] == _allThreads) _pending &= ~(1UL << w);
        if (_thread[w] != t) ForeignWriteArrived?.Invoke(w, t);
    }

    /// <summary>Adds x -> w for every write x in <paramref name="from"/> to relation <paramref name="r"/> and closes it; false (and nothing added) if that makes a cycle.</summary>
    private bool AddEdgesInto(ulong[] r, int w, ulong from)
    {
        if (((r[w] | (1UL << w)) & from) != 0) return false;
        ulong add = (1UL << w) | r[w];
        ulong ws = _writes;
        while (ws != 0)
        {
            int x = BitOperations.TrailingZeroCount(ws);
            ws &= ws - 1;
            if ((((1UL << x) | r[x]) & from) != 0) r[x] |= add;
        }
        return true;
    }

    // ---- retiring events (long runs) --------------------------------------------------------------

    /// <summary>
    /// Events that can be forgotten: barriers every thread has seen, and for a location whose
    /// coherence-latest write has reached every thread, every write to it (the others are all
    /// coherence-before it). <paramref name="folded"/> gets those latest writes: they become the
    /// location's initial value.
    /// </summary>
    public ulong Retirable(out ulong folded)
    {
        folded = 0;
        ulong r = 0;
        for (ulong m = _live & _barriers; m != 0; m &= m - 1)
        {
            int b = BitOperations.TrailingZeroCount(m);
            if (_have[b] == _allThreads) r |= 1UL << b;
        }
        ulong seenLocs = 0;
        for (ulong m = _live & ~_barriers; m != 0; m &= m - 1)
        {
            int w = BitOperations.TrailingZeroCount(m);
            int loc = _loc[w];
            if (((seenLocs >> loc) & 1) != 0 || _have[w] != _allThreads) continue;
            bool lastEverywhere = true;
            for (int t = 0; t < _threads && lastEverywhere; t++) lastEverywhere = _last[t * MaxLocations + loc] == w;
            if (!lastEverywhere) continue;
            seenLocs |= 1UL << loc;
            r |= _locWrites[loc];
            folded |= 1UL << w;
        }
        return r;
    }

    /// <summary>Forgets <paramref name="events"/> (from <see cref="Retirable"/>, minus any the threads still need).</summary>
    public void Retire(ulong events, ulong folded)
    {
        for (ulong m = folded & events; m != 0; m &= m - 1)
        {
            int w = BitOperations.TrailingZeroCount(m);
            int loc = _loc[w];
            if ((_locWrites[loc] & ~events) != 0) throw new InvalidOperationException("retiring part of a location");
            _initial[loc] = _value[w];
            for (int t = 0; t < _threads; t++) _last[t * MaxLocations + loc] = InitialWrite;
            _locWrites[loc] = 0;
        }
        ulong keep = ~events;
        _live &= keep;
        _writes &= keep;
        _barriers &= keep;
        _pending &= keep;
        _atomic &= keep;
        for (int t = 0; t < _threads; t++)
        {
            _seen[t] &= keep;
            _ownWrites[t] &= keep;
        }
        for (ulong m = _live; m != 0; m &= m - 1)
        {
            int e = BitOperations.TrailingZeroCount(m);
            _reach[e] &= keep;
            _pre[e] &= keep;
        }
    }

    // ---- state identity -------------------------------------------------------------------------

    /// <summary>
    /// Writes the storage state with events renamed by their tags (the caller gives every event a
    /// tag that names it independently of acceptance order), so two interleavings that reach the
    /// same state produce the same bytes.
    /// </summary>
    public void Serialize(StateWriter w)
    {
        int live = BitOperations.PopCount(_live);
        Span<int> order = stackalloc int[live];
        Span<int> rank = stackalloc int[MaxEvents];
        int nLive = 0;
        for (ulong m = _live; m != 0; m &= m - 1) order[nLive++] = BitOperations.TrailingZeroCount(m);
        // Insertion sort by tag: at most 64 events.
        for (int i = 1; i < live; i++)
        {
            int x = order[i], j = i - 1;
            while (j >= 0 && _tag[order[j]] > _tag[x]) { order[j + 1] = order[j]; j--; }
            order[j + 1] = x;
        }
        for (int i = 0; i < live; i++) rank[order[i]] = i;
        w.Add(live);
        for (int loc = 0; loc < _locHigh; loc++)
        {
            w.Add(_initial[loc]);
            for (int t = 0; t < _threads; t++)
            {
                int last = _last[t * MaxLocations + loc];
                w.Add(last < 0 ? -1 : rank[last]);
            }
        }
        for (int i = 0; i < live; i++)
        {
            int e = order[i];
            w.Add(_tag[e]);
            w.Add((int)_kind[e] | (_thread[e] << 8) | (_loc[e] << 16));
            w.Add(_value[e]);
            w.Add(_have[e]);
            w.Add(Rename(_reach[e], rank));
            w.Add(Rename(_pre[e], rank));
            if (((_atomic >> e) & 1) != 0) w.Add(_atomicSource[e] < 0 ? -1 : rank[_atomicSource[e]]);
        }
    }

    private static ulong Rename(ulong mask, Span<int> rank)
    {
        ulong r = 0;
        while (mask != 0)
        {
            int e = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            r |= 1UL << rank[e];
        }
        return r;
    }

    /// <summary>Copies the whole state of <paramref name="other"/> (same model and thread count).</summary>
    public void CopyFrom(StorageSubsystem other)
    {
        if (other._threads != _threads || other.Model != Model) throw new ArgumentException("different storage shape", nameof(other));
        int n = other._count;
        _count = n;
        _live = other._live;
        Array.Copy(other._initial, _initial, MaxLocations);
        Array.Copy(other._setupInitial, _setupInitial, MaxLocations);
        _locHigh = other._locHigh;
        Array.Copy(other._kind, _kind, n);
        Array.Copy(other._thread, _thread, n);
        Array.Copy(other._loc, _loc, n);
        Array.Copy(other._value, _value, n);
        Array.Copy(other._tag, _tag, n);
        Array.Copy(other._have, _have, n);
        Array.Copy(other._reach, _reach, n);
        Array.Copy(other._pre, _pre, n);
        Array.Copy(other._seen, _seen, _threads);
        Array.Copy(other._ownWrites, _ownWrites, _threads);
        Array.Copy(other._last, _last, _last.Length);
        Array.Copy(other._locWrites, _locWrites, MaxLocations);
        _writes = other._writes;
        _atomic = other._atomic;
        Array.Copy(other._atomicSource, _atomicSource, n);
        _barriers = other._barriers;
        _pending = other._pending;
    }
}
