using PpcSim.Core;
using PpcSim.Core.Random;

namespace PpcSim.Platform;

/// <summary>
/// The Power storage model for the full system, cheap enough for a kernel: write-through RAM plus a
/// per-destination visibility overlay (non-multi-copy-atomic).
///
/// A store updates RAM at once (RAM always holds the coherence-newest value; coherence order per
/// location is the host order of the stores) and, while more than one thread runs, records an
/// in-flight entry per 8-byte granule it touches: the granule's bytes before the store, the writer,
/// and per other thread t the cycle (on t's clock) from which t sees it. A load of a granule with
/// entries picks the newest entry visible to the loading thread and returns the bytes as they were
/// just after it (RAM if it is the newest, else the old bytes of the next entry).
///
/// Why this never shows an outcome the Power model forbids: every run is a run of the operational
/// model of Sarkar et al. (PLDI 2011) with in-order threads, where "entry e becomes visible to t"
/// is the propagation of e to t. Invariants kept (host order = the order things happen here):
///  I1 (coherence): if an entry of a granule is visible to t, so is every older entry of it
///     (visibility times are monotone along a granule's list; a store to a granule whose newest
///     entry the writer cannot see yet first commits everything up to that entry).
///  I2 (cumulativity): after lwsync/eieio by w, w's later stores become visible to t no earlier
///     than every entry that existed at the barrier (a superset of the barrier's group A); and a
///     thread that reads an entry inherits the barrier floor its writer stored it with, so its own
///     later stores wait for those barriers' group A too (B-cumulativity: the barrier has reached
///     the reader, so it precedes the reader's later writes in its list).
///  I3 (sync): at sync by w, every entry visible to w (its group A, w's own stores included) is
///     committed: visible to every thread from then on, whatever their clocks say. The set is closed
///     under I1/I2, and committing a host-order prefix of the entries is always allowed too, which is
///     what garbage collection, ring overflow and private pages becoming shared do.
/// Showing a store later than its visibility time is always allowed (propagation may be slow);
/// showing it earlier is done only through commits. Loads run in program order, so ordering by
/// dependencies, isync and lwsync on the reading side comes for free.
///
/// Latency: each recorded store draws a per-destination propagation time (PropagationMin..Max),
/// plus, when its 128-byte line was last written by another thread, one coherence-miss time
/// (CoherenceMissMin..Max, the wait for ownership) added for every destination. Only the times
/// change, so the invariants above hold for any draw; a sync after such a store waits longer.
/// This is what lets a doorbell (IpiLatencyCycles + jitter) overtake an IPI message whose word
/// ping-pongs between sender and receiver (SystemMachine.DoorbellsOvertakingStores counts it).
///
/// Fast path: a page only ever touched by one thread is private and its stores are not recorded
/// (the first touch by another thread commits everything, which makes them legal to see); readers
/// keep host-page translations for pages where no other thread has entries in flight (their TLB
/// slot is dropped when another thread's entry lands there). Entries live in a fixed ring in host
/// order (no allocation per store); granules are found through an open-addressing table.
/// </summary>
internal sealed class StorageOverlay
{
    private readonly int Capacity;
    private readonly int Mask;
    private readonly int TableBits;
    private readonly int TableSize;
    private const byte Committed = 1;
    /// <summary>The entry is a stcx.'s store (atomic with the read before it: nothing may go between them in coherence).</summary>
    private const byte Atomic = 2;
    private const byte SharedPage = 255;
    private const int RegionShift = 9; // page states are allocated 512 pages (2 MiB) at a time

    private struct PageState
    {
        /// <summary>Uncommitted entries on the page.</summary>
        public int Count;
        /// <summary>0: no entries; t+1: only thread t's; -1: several writers'.</summary>
        public short Writer;
        /// <summary>0: untouched; t+1: only thread t touched it; 255: shared.</summary>
        public byte Owner;
        /// <summary>Threads that may hold a fast-path read translation of the page.</summary>
        public ulong Readers;
    }

    private readonly Cpu[] _cpus;
    private readonly int _n;
    private readonly PhysicalMemory _ram;
    private readonly Xoshiro256StarStar _random;
    private readonly ulong _latMin, _latSpan;
    private readonly ulong _missMin, _missSpan;
    // Direct-mapped last writer per 128-byte line (tag = line + 1, 0 = unknown): a store to a line
    // another thread wrote last must first take ownership of it (a coherence miss).
    private const int LineTableBits = 14;
    private readonly ulong[] _lineTag = new ulong[1 << LineTableBits];
    private readonly byte[] _lineWriter = new byte[1 << LineTableBits];

    // The ring of entries [_head, _tail), indexed by sequence number & Mask.
    private readonly ulong[] _granule;
    private readonly ulong[] _old;
    private readonly long[] _prev;
    private readonly byte[] _writer;
    private readonly byte[] _flags;
    private readonly ulong[] _maxVis;
    private readonly ulong[] _vis;
    /// <summary>Per entry and destination: the writer's barrier floor when it stored (what its earlier barriers' group A needs).</summary>
    private readonly ulong[] _entryFloor;
    private long _head, _tail, _committedBelow;

    // granule -> newest entry (open addressing, linear probing, backward-shift deletion).
    private readonly ulong[] _keys;
    private readonly long[] _newest;

    private readonly PageState[]?[] _regions;

    // Per thread (row w, column t): lwsync floor of w's later stores for t, max visibility time of
    // w's own stores and of the entries w has read since its last sync; per t: max over all entries.
    private readonly ulong[] _floor, _own, _obs, _global;
    private readonly ulong[] _lat;

    public StorageOverlay(Cpu[] cpus, PhysicalMemory ram, MachineConfig config)
    {
        if (cpus.Length > 64) throw new ArgumentException("at most 64 threads");
        if (config.PropagationMaxCycles < config.PropagationMinCycles) throw new ArgumentException("PropagationMaxCycles < PropagationMinCycles");
        if (config.StorageOverlayEntries < 16 || (config.StorageOverlayEntries & (config.StorageOverlayEntries - 1)) != 0)
            throw new ArgumentException("StorageOverlayEntries must be a power of two >= 16");
        Capacity = config.StorageOverlayEntries;
        Mask = Capacity - 1;
        TableBits = System.Numerics.BitOperations.Log2((uint)Capacity) + 1;
        TableSize = 1 << TableBits;
        _granule = new ulong[Capacity];
        _old = new ulong[Capacity];
        _prev = new long[Capacity];
        _writer = new byte[Capacity];
        _flags = new byte[Capacity];
        _maxVis = new ulong[Capacity];
        _keys = new ulong[TableSize];
        _newest = new long[TableSize];
        _cpus = cpus;
        _n = cpus.Length;
        _ram = ram;
        _random = SeedStreams.Create(config.Seed, "storage");
        _latMin = config.PropagationMinCycles;
        _latSpan = config.PropagationMaxCycles - config.PropagationMinCycles + 1;
        if (config.CoherenceMissMaxCycles < config.CoherenceMissMinCycles) throw new ArgumentException("CoherenceMissMaxCycles < CoherenceMissMinCycles");
        _missMin = config.CoherenceMissMinCycles;
        _missSpan = config.CoherenceMissMaxCycles - config.CoherenceMissMinCycles + 1;
        _vis = new ulong[Capacity * _n];
        _entryFloor = new ulong[Capacity * _n];
        _floor = new ulong[_n * _n];
        _own = new ulong[_n * _n];
        _obs = new ulong[_n * _n];
        _global = new ulong[_n];
        _lat = new ulong[_n];
        _regions = new PageState[]?[(ram.Size >> 12 >> RegionShift) + 1];
    }

    /// <summary>
    /// Recording stores (more than one thread runs). While off, the one running thread's stores
    /// are not recorded: nobody else reads until a thread wakes, and turning recording back on
    /// commits everything first, so those stores become visible after every older entry.
    /// </summary>
    public bool Active { get; private set; }
    public int InFlight => (int)(_tail - _head);
    public ulong Recorded => (ulong)_tail;
    public ulong Commits { get; private set; }
    public ulong SharedPages { get; private set; }
    public ulong StaleReads { get; private set; }
    private ulong _draws;
    public ulong Loads, Activations, Drops, SyncScans, Syncs, DeniedReads, CoherenceMisses;
    /// <summary>larx that found a newer store it could not see yet (its reservation starts lost: an atomic retries until it is visible).</summary>
    public ulong LarxBehindNewer;
    public string Counters => $"loads={Loads} activations={Activations} drops={Drops} syncs={Syncs} sync_scanned={SyncScans} denied_reads={DeniedReads} commits={Commits} shared_pages={SharedPages} coherence_misses={CoherenceMisses} larx_behind_newer={LarxBehindNewer} stcx_ordered_before={OrderedBefore}";

    public void SetActive(bool on)
    {
        if (on == Active) return;
        Activations++;
        if (on && _tail != _head) CommitAll();
        Active = on;
    }

    private ref PageState Page(ulong page)
    {
        var r = _regions[page >> RegionShift] ??= new PageState[1 << RegionShift];
        return ref r[page & ((1 << RegionShift) - 1)];
    }

    // ---- ownership ------------------------------------------------------------------------------

    private void Touch(int t, ulong page, ref PageState p)
    {
        byte me = (byte)(t + 1);
        if (p.Owner == me || p.Owner == SharedPage) return;
        if (p.Owner == 0)
        {
            p.Owner = me;
            return;
        }
        int prev = p.Owner - 1;
        p.Owner = SharedPage;
        SharedPages++;
        // The previous owner's stores here were never recorded. Seeing them now is a legal
        // propagation once everything that may be ordered before them is visible to all.
        if (_tail != _head) CommitAll();
        _cpus[prev].DropHostPage(page << 12, read: false, write: true);
    }

    /// <summary>
    /// The core asks for a fast-path page: false when thread t must read it through <see cref="Load"/>.
    /// For writes, <paramref name="report"/> says whether stores must be recorded first.
    /// </summary>
    public bool GrantHostPage(int t, ulong pa, bool forWrite, out bool report)
    {
        ulong page = pa >> 12;
        ref var p = ref Page(page);
        Touch(t, page, ref p);
        report = false;
        if (forWrite)
        {
            report = p.Owner == SharedPage;
            return true;
        }
        if (p.Count != 0 && p.Writer != t + 1) { DeniedReads++; return false; }
        p.Readers |= 1UL << t;
        return true;
    }

    /// <summary>Marks pages as touched by several threads (their stores are recorded from the start).</summary>
    public void MarkShared(ulong pa, ulong length)
    {
        for (ulong page = pa >> 12; page <= (pa + length - 1) >> 12; page++)
        {
            ref var p = ref Page(page);
            if (p.Owner == SharedPage) continue;
            if (p.Owner != 0)
            {
                if (_tail != _head) CommitAll();
                _cpus[p.Owner - 1].DropHostPage(page << 12, read: false, write: true);
            }
            p.Owner = SharedPage;
        }
    }

    // ---- stores -----------------------------------------------------------------------------

    /// <summary>Thread w is about to store <paramref name="size"/> bytes at <paramref name="pa"/> (RAM not yet written).</summary>
    public void RecordStore(int w, ulong pa, int size, bool atomic = false)
    {
        ulong g0 = pa >> 3, g1 = (pa + (ulong)size - 1) >> 3;
        bool drawn = false;
        for (ulong g = g0; g <= g1; g++)
        {
            ulong page = g >> 9;
            ref var p = ref Page(page);
            if (p.Owner != SharedPage)
            {
                Touch(w, page, ref p);
                if (p.Owner != SharedPage) continue;
            }
            if (!Active)
            {
                // Not recorded, but the storing thread must see its own store: what it cannot
                // see of the granule yet is committed first (a prefix commit).
                if (p.Count != 0 && Lookup(g) is >= 0 and var newest && !Visible(newest, w)) CommitThrough(newest);
                continue;
            }
            if (!drawn)
            {
                DrawLatencies(w, pa >> 7);
                drawn = true;
            }
            RecordGranule(w, g, ref p, page, atomic);
        }
    }

    private void DrawLatencies(int w, ulong line)
    {
        // Coherence miss: the line was last written by another thread, so the store waits for
        // ownership (the other thread's copy invalidated) before it can propagate anywhere. Only
        // writes are tracked (a line another thread merely read is treated as owned). The message
        // word of an IPI ping-pongs between sender (sets it) and receiver (xchg clears it), so its
        // store pays this on most sends: the doorbell can overtake it unless a sync waits for it.
        ulong miss = 0;
        int slot = (int)(line & ((1 << LineTableBits) - 1));
        if (_lineTag[slot] == line + 1 && _lineWriter[slot] != w && (_missMin != 0 || _missSpan > 1))
        {
            miss = _missMin + (((_random.Next() & 0xffff) * _missSpan) >> 16);
            _draws++;
            CoherenceMisses++;
        }
        _lineTag[slot] = line + 1;
        _lineWriter[slot] = (byte)w;
        ulong bits = 0;
        for (int t = 0; t < _n; t++)
        {
            if ((t & 3) == 0)
            {
                bits = _random.Next();
                _draws++;
            }
            _lat[t] = _latMin + (((bits & 0xffff) * _latSpan) >> 16) + miss;
            bits >>= 16;
        }
    }

    private void RecordGranule(int w, ulong g, ref PageState p, ulong page, bool atomic)
    {
        long newest = Lookup(g);
        // I1: the writer must see every older entry of the granule before its store goes after them.
        if (newest >= 0 && !Visible(newest, w)) CommitThrough(newest);
        if (_tail - _head == Capacity)
        {
            CommitAll();
            Collect(ulong.MaxValue);
            newest = Lookup(g);
        }
        long s = _tail++;
        int i = (int)(s & Mask);
        int pi = (int)(newest & Mask);
        bool chain = newest >= 0 && (_flags[pi] & Committed) == 0;
        _granule[i] = g;
        _old[i] = _ram.ReadLe(g << 3, 8);
        _writer[i] = (byte)w;
        _flags[i] = atomic ? Atomic : (byte)0;
        _prev[i] = newest;
        ulong cycles = _cpus[w].Cycles, maxv = 0;
        int row = i * _n, prow = pi * _n, wrow = w * _n;
        for (int t = 0; t < _n; t++)
        {
            if (t == w)
            {
                _vis[row + t] = 0;
                continue;
            }
            ulong v = cycles + _lat[t];
            _entryFloor[row + t] = _floor[wrow + t];
            if (_floor[wrow + t] > v) v = _floor[wrow + t];
            if (chain && _vis[prow + t] > v) v = _vis[prow + t];
            _vis[row + t] = v;
            if (v > _global[t]) _global[t] = v;
            if (v > _own[wrow + t]) _own[wrow + t] = v;
            if (v > maxv) maxv = v;
        }
        _maxVis[i] = maxv;
        SetNewest(g, s);

        short me = (short)(w + 1);
        if (p.Count++ == 0) p.Writer = me;
        else if (p.Writer != me) p.Writer = -1;
        ulong keep = p.Writer == me ? 1UL << w : 0;
        ulong drop = p.Readers & ~keep;
        if (drop != 0)
        {
            p.Readers &= keep;
            for (int r = 0; r < _n; r++)
                if ((drop & (1UL << r)) != 0) { Drops++; _cpus[r].DropHostPage(page << 12, read: true, write: false); }
        }
    }

    /// <summary>
    /// Can thread r's stcx. of this granule go coherence-BEFORE the newest entry S it cannot see?
    /// Only when S has reached no thread but its writer (as if still in the writer's store queue)
    /// and everything older than S is visible to r (r read the value S overwrites). Then r's
    /// atomic read-modify-write happened entirely before S: X is never seen by another thread
    /// (it becomes visible together with S, which overwrites it), and r sees X until S reaches it.
    /// </summary>
    public bool CanOrderBefore(int r, ulong pa, int size)
    {
        if (!OrderBeforeEnabled || _tail == _head || (pa >> 3) != ((pa + (ulong)size - 1) >> 3)) return false;
        if (_tail - _head >= Capacity) return false;
        long s = Lookup(pa >> 3);
        if (s < 0) return false;
        int i = (int)(s & Mask);
        if ((_flags[i] & (Committed | Atomic)) != 0 || _writer[i] == r) return false;
        for (int t = 0; t < _n; t++)
            if (t != _writer[i] && Visible(s, t)) return false;
        long prev = _prev[i];
        return prev < _head || Visible(prev, r);
    }

    /// <summary>Whether a stcx. may be ordered before an unseen newer store (see <see cref="CanOrderBefore"/>).</summary>
    public bool OrderBeforeEnabled { get; init; } = true;
    public ulong OrderedBefore;

    /// <summary>Records thread r's stcx. of <paramref name="value"/> coherence-before the granule's newest entry (RAM keeps that entry's value).</summary>
    public void StoreBefore(int r, ulong pa, int size, ulong value)
    {
        ulong g = pa >> 3;
        long sq = Lookup(g);
        int si = (int)(sq & Mask);
        long e = _tail++;
        int i = (int)(e & Mask);
        _granule[i] = g;
        _old[i] = _old[si];
        _writer[i] = (byte)r;
        _flags[i] = Atomic;
        _prev[i] = _prev[si];
        _prev[si] = e;
        int shift = (int)(pa & 7) * 8;
        ulong mask = size == 8 ? ulong.MaxValue : ((1UL << (size * 8)) - 1) << shift;
        _old[si] = (_old[si] & ~mask) | ((value << shift) & mask);
        int row = i * _n, srow = si * _n, rrow = r * _n;
        for (int t = 0; t < _n; t++)
        {
            _entryFloor[row + t] = _floor[rrow + t];
            _vis[row + t] = t == r ? 0 : _vis[srow + t];
            if (t != r && _vis[row + t] > _own[rrow + t]) _own[rrow + t] = _vis[row + t];
        }
        _maxVis[i] = _maxVis[si];
        OrderedBefore++;
        ref var p = ref Page(g >> 9);
        if (p.Count++ == 0) p.Writer = (short)(r + 1);
        else if (p.Writer != r + 1) p.Writer = -1;
    }

    // ---- loads ------------------------------------------------------------------------------

    /// <summary>What thread t reads at <paramref name="pa"/>: RAM with the granules it cannot see yet rolled back.</summary>
    public ulong Load(int t, ulong pa, int size)
    {
        Loads++;
        ulong last = pa + (ulong)size - 1;
        for (ulong page = pa >> 12; page <= last >> 12; page++)
        {
            ref var p = ref Page(page);
            Touch(t, page, ref p);
        }
        ulong v = _ram.ReadLe(pa, size);
        if (_tail == _head) return v;
        for (ulong g = pa >> 3; g <= last >> 3; g++)
        {
            ref var p = ref Page(g >> 9);
            if (p.Count == 0 || p.Writer == t + 1) continue;
            long s = Lookup(g);
            if (s < 0 || !View(t, s, out ulong bytes)) continue;
            StaleReads++;
            ulong gb = g << 3;
            ulong from = Math.Max(pa, gb), to = Math.Min(last, gb + 7);
            for (ulong b = from; b <= to; b++)
            {
                int sv = (int)(b - pa) * 8, sg = (int)(b - gb) * 8;
                v = (v & ~(0xffUL << sv)) | (((bytes >> sg) & 0xff) << sv);
            }
        }
        return v;
    }

    /// <summary><see cref="SeesNewest"/> without counting.</summary>
    public bool SeesNewestQuiet(int t, ulong pa, int size)
    {
        ulong before = LarxBehindNewer;
        bool sees = SeesNewest(t, pa, size);
        LarxBehindNewer = before;
        return sees;
    }

    /// <summary>False when a granule in the range has an entry thread t cannot see yet (a larx reservation starts lost).</summary>
    public bool SeesNewest(int t, ulong pa, int size)
    {
        if (_tail == _head) return true;
        ulong last = pa + (ulong)size - 1;
        for (ulong g = pa >> 3; g <= last >> 3; g++)
        {
            long s = Lookup(g);
            if (s >= 0 && !Visible(s, t))
            {
                LarxBehindNewer++;
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The newest entry of the granule visible to t decides what it reads; false when that is the
    /// newest entry (read RAM), else the bytes just after it.
    /// </summary>
    private bool View(int t, long newest, out ulong bytes)
    {
        long candidate = -1, s = newest;
        while (s >= _head)
        {
            if (Visible(s, t)) break;
            candidate = s;
            s = _prev[(int)(s & Mask)];
        }
        if (s >= _head) Observe(t, s);
        bytes = 0;
        if (candidate < 0) return false;
        bytes = _old[(int)(candidate & Mask)];
        return true;
    }

    /// <summary>
    /// Thread t reads from entry s. B-cumulativity: the barriers before s in its writer's list have
    /// reached t, so every later store of t must reach each thread after those barriers' group A
    /// (ISA2+lwsync+addr+addr). The entry's visibility times feed the sync acknowledgement time.
    /// </summary>
    private void Observe(int t, long s)
    {
        int i = (int)(s & Mask);
        if ((_flags[i] & Committed) != 0 || _writer[i] == t) return;
        int row = i * _n, trow = t * _n;
        for (int u = 0; u < _n; u++)
        {
            if (_vis[row + u] > _obs[trow + u]) _obs[trow + u] = _vis[row + u];
            if (_entryFloor[row + u] > _floor[trow + u]) _floor[trow + u] = _entryFloor[row + u];
        }
    }

    private bool Visible(long s, int t)
    {
        int i = (int)(s & Mask);
        return (_flags[i] & Committed) != 0 || _writer[i] == t || _cpus[t].Cycles >= _vis[i * _n + t];
    }

    /// <summary>Sequence number of the next recorded store (entries below it were stored before now).</summary>
    public long Tail => _tail;

    /// <summary>
    /// For the timeline, right after thread <paramref name="w"/> stored [pa, pa+size): per thread,
    /// the cycle (on that thread's clock) from which it can read the stored bytes (for a store over
    /// several granules, the last of them; the writer's own entry is 0). False when no granule of it
    /// is in flight (a private page, or already committed): every thread can read it at once.
    /// Null when a granule's newest entry is another thread's (a stcx. ordered before it): then
    /// what other threads will read there is that store, not this one.
    /// </summary>
    public bool? InFlightVisibility(int w, ulong pa, int size, Span<ulong> cycles)
    {
        cycles.Clear();
        bool any = false;
        for (ulong g = pa >> 3, g1 = (pa + (ulong)size - 1) >> 3; g <= g1; g++)
        {
            ulong page = g >> 9;
            if (_regions[page >> RegionShift] is not { } region || region[page & ((1 << RegionShift) - 1)].Count == 0) continue;
            long s = Lookup(g);
            if (s < 0) continue;
            int i = (int)(s & Mask);
            if ((_flags[i] & Committed) != 0) continue;
            if (_writer[i] != w) return null;
            any = true;
            for (int t = 0; t < _n; t++)
                if (_vis[i * _n + t] > cycles[t]) cycles[t] = _vis[i * _n + t];
        }
        return any;
    }

    /// <summary>
    /// Doorbell overtaking check: among writer <paramref name="w"/>'s entries stored before sequence
    /// <paramref name="before"/> (its msgsnd), the latest cycle (on <paramref name="t"/>'s clock) at
    /// which one still uncommitted becomes visible to t; 0 when all are visible at <paramref name="at"/>.
    /// </summary>
    public ulong PendingVisibility(int w, int t, long before, ulong at)
    {
        ulong latest = 0;
        long end = Math.Min(before, _tail);
        for (long s = Math.Max(_head, _committedBelow); s < end; s++)
        {
            int i = (int)(s & Mask);
            if ((_flags[i] & Committed) != 0 || _writer[i] != w) continue;
            ulong v = _vis[i * _n + t];
            if (v > at && v > latest) latest = v;
        }
        return latest;
    }

    // ---- barriers ---------------------------------------------------------------------------

    /// <summary>lwsync/eieio by w (I2): w's later stores reach each thread after everything in flight now.</summary>
    public void Lwsync(int w)
    {
        int wrow = w * _n;
        for (int t = 0; t < _n; t++)
            if (_global[t] > _floor[wrow + t]) _floor[wrow + t] = _global[t];
    }

    /// <summary>
    /// sync/ptesync by w (I3): returns the cycles w waits for acknowledgement (its own stores and
    /// those it has read reaching every thread), and commits everything w can see.
    /// </summary>
    public ulong Sync(int w)
    {
        ulong now = _cpus[w].Cycles, ack = now;
        int wrow = w * _n;
        for (int t = 0; t < _n; t++)
        {
            if (_own[wrow + t] > ack) ack = _own[wrow + t];
            if (_obs[wrow + t] > ack) ack = _obs[wrow + t];
            _own[wrow + t] = 0;
            _obs[wrow + t] = 0;
        }
        Syncs++;
        SyncScans += (ulong)(_tail - Math.Max(_head, _committedBelow));
        for (long s = Math.Max(_head, _committedBelow); s < _tail; s++)
        {
            int i = (int)(s & Mask);
            if ((_flags[i] & Committed) == 0 && (_writer[i] == w || _cpus[w].Cycles >= _vis[i * _n + w])) Commit(s);
        }
        return ack - now;
    }

    /// <summary>A device wrote RAM: entries on those pages would roll its data back, so commit everything.</summary>
    public void NoteDeviceWrite(ulong pa, int length)
    {
        if (_tail == _head || length <= 0) return;
        for (ulong page = pa >> 12; page <= (pa + (ulong)length - 1) >> 12; page++)
        {
            if (Page(page).Count != 0)
            {
                CommitAll();
                return;
            }
        }
    }

    // ---- commits and collection -------------------------------------------------------------

    private void Commit(long s)
    {
        int i = (int)(s & Mask);
        if ((_flags[i] & Committed) != 0) return;
        _flags[i] |= Committed;
        Commits++;
        ref var p = ref Page(_granule[i] >> 9);
        if (--p.Count == 0) p.Writer = 0;
    }

    private void CommitThrough(long last)
    {
        for (long s = Math.Max(_head, _committedBelow); s <= last; s++) Commit(s);
        if (last + 1 > _committedBelow) _committedBelow = last + 1;
    }

    public void CommitAll() => CommitThrough(_tail - 1);

    /// <summary>
    /// Drops the oldest entries while they are committed or visible to every thread whose clock is at
    /// least <paramref name="minCycles"/> (a prefix in host order, so dropping them is a legal commit).
    /// </summary>
    public void Collect(ulong minCycles)
    {
        while (_head < _tail)
        {
            int i = (int)(_head & Mask);
            if ((_flags[i] & Committed) == 0)
            {
                if (_maxVis[i] > minCycles) break;
                Commit(_head);
            }
            if (Lookup(_granule[i]) == _head) Remove(_granule[i]);
            _head++;
        }
        if (_committedBelow < _head) _committedBelow = _head;
    }

    // ---- granule table ------------------------------------------------------------------------

    private int Slot(ulong g) => (int)((g * 0x9E37_79B9_7F4A_7C15UL) >> (64 - TableBits));

    /// <summary>The newest live entry of granule g, or -1.</summary>
    private long Lookup(ulong g)
    {
        ulong key = g + 1;
        for (int j = Slot(g); ; j = (j + 1) & (TableSize - 1))
        {
            ulong k = _keys[j];
            if (k == key) return _newest[j] >= _head ? _newest[j] : -1;
            if (k == 0) return -1;
        }
    }

    private void SetNewest(ulong g, long s)
    {
        ulong key = g + 1;
        for (int j = Slot(g); ; j = (j + 1) & (TableSize - 1))
        {
            ulong k = _keys[j];
            if (k == key || k == 0)
            {
                _keys[j] = key;
                _newest[j] = s;
                return;
            }
        }
    }

    private void Remove(ulong g)
    {
        ulong key = g + 1;
        int j = Slot(g);
        while (_keys[j] != key)
        {
            if (_keys[j] == 0) return;
            j = (j + 1) & (TableSize - 1);
        }
        // Backward-shift deletion keeps probe chains intact without tombstones.
        int hole = j;
        for (int k = (hole + 1) & (TableSize - 1); _keys[k] != 0; k = (k + 1) & (TableSize - 1))
        {
            int home = Slot(_keys[k] - 1);
            bool movable = hole <= k ? home <= hole || home > k : home <= hole && home > k;
            if (!movable) continue;
            _keys[hole] = _keys[k];
            _newest[hole] = _newest[k];
            hole = k;
        }
        _keys[hole] = 0;
        _newest[hole] = 0;
    }

    // ---- fingerprint ------------------------------------------------------------------------

    /// <summary>The in-flight entries and barrier state (what a thread could still see differently from RAM).</summary>
    public ulong Hash()
    {
        ulong h = 0xcbf29ce484222325UL;
        void Add(ulong x) => h = (h ^ x) * 0x100000001b3UL;
        Add((ulong)(_tail - _head));
        for (long s = _head; s < _tail; s++)
        {
            int i = (int)(s & Mask);
            Add(_granule[i]);
            Add(_old[i]);
            Add((ulong)_writer[i] << 8 | _flags[i]);
            for (int t = 0; t < _n; t++)
            {
                Add(_vis[i * _n + t]);
                Add(_entryFloor[i * _n + t]);
            }
        }
        foreach (ulong f in _floor) Add(f);
        foreach (ulong f in _global) Add(f);
        // The "storage" stream's position: how many draws so far (one per recorded store).
        Add(_draws);
        return h;
    }
}
