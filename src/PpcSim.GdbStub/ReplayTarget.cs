using PpcSim.Core;

namespace PpcSim.GdbStub;

/// <summary>
/// Deterministic reverse execution over an <see cref="IRecordableMachine"/>, as an
/// <see cref="IDebugTarget"/>. Going forward it takes a snapshot every <see cref="SnapshotInterval"/>
/// instructions and logs every host event with its effects. Going back it restores the nearest
/// earlier snapshot and re-executes to the wanted point, replaying logged events instead of
/// redoing them (no host I/O twice, no guest output twice). Past the end of the log it runs live.
/// <para>
/// Reverse-step goes to the previous position (one instruction, or one event that changed state
/// without retiring one). Reverse-continue scans snapshot intervals backwards for the last
/// breakpoint or watchpoint hit before the current position. A breakpoint is reported with the
/// state before its instruction runs; a watchpoint going backwards is reported just after the
/// accessing instruction, so that gdb, which steps over PowerPC's "non-steppable" watchpoints
/// in the direction of execution, ends up on that instruction with the value it had before.
/// </para>
/// </summary>
public sealed class ReplayTarget : IDebugTarget
{
    /// <summary>At most this many snapshots; beyond it every other one goes and the interval doubles.</summary>
    public const int MaxSnapshots = 256;
    private const ulong Slice = 1 << 16;

    private readonly IRecordableMachine _m;
    private readonly List<(TimelinePosition At, object State)> _snaps = [];
    private readonly List<RecordedEvent> _log = [];
    private int _cursor;

    public ReplayTarget(IRecordableMachine machine, ulong snapshotInterval = 1 << 20)
    {
        _m = machine;
        SnapshotInterval = Math.Max(1, snapshotInterval);
        ThreadIds = Enumerable.Range(1, machine.Threads.Count).ToArray();
        _snaps.Add((Now, _m.Save()));
        LastStop = new StopEvent(StopKind.Signal, 1, GdbSignal.Trap);
    }

    public ulong SnapshotInterval { get; private set; }
    public int SnapshotCount => _snaps.Count;
    public int LoggedEvents => _log.Count;
    public TimelinePosition Now => new(_m.Position, _cursor);
    /// <summary>True while the current position is inside the recorded history (events lie ahead).</summary>
    public bool Replaying => _cursor < _log.Count;

    public IReadOnlyList<int> ThreadIds { get; }
    public bool CanReverse => true;
    public StopEvent LastStop { get; private set; }

    private Cpu Thread(int threadId) => _m.Threads[threadId <= 0 ? 0 : threadId - 1];

    public string DescribeThread(int threadId) => $"cpu {threadId - 1}";

    public Cpu Registers(int threadId) => Thread(threadId);

    // ---- edits --------------------------------------------------------------------------------

    public bool TryEditRegisters(int threadId, Action<Cpu> edit, out string? error)
    {
        var cpu = Thread(threadId);
        return TryEdit(() => edit(cpu), out error);
    }

    public int ReadMemory(int threadId, ulong address, Span<byte> destination) => _m.ReadMemory(address, destination);

    public bool TryWriteMemory(int threadId, ulong address, ReadOnlySpan<byte> data, out string? error)
    {
        bool ok = false;
        var copy = data.ToArray();
        if (!TryEdit(() => ok = _m.WriteMemory(address, copy), out error)) return false;
        if (!ok) error = "address not mapped";
        return ok;
    }

    /// <summary>
    /// A change by the debugger becomes a logged event, so replays from earlier snapshots see it.
    /// Inside the history it is refused when logged events lie ahead: the host side (files, the
    /// kernel's view of the process) has already lived through them and cannot follow a changed past.
    /// </summary>
    private bool TryEdit(Action edit, out string? error)
    {
        if (Replaying)
        {
            error = "cannot change state inside the recorded history (later system calls already happened); continue forward to the end of the history first";
            return false;
        }
        error = null;
        // The instructions after this point that were executed and undone are a different future now.
        _snaps.RemoveAll(s => s.At > Now);
        var effects = _m.EditAndRecord(edit);
        _log.Add(new RecordedEvent(_m.Position, RecordedEventKind.Edit, 0, effects));
        _cursor++;
        return true;
    }

    // ---- breakpoints --------------------------------------------------------------------------

    public bool SetBreakpoint(ulong address, bool insert)
    {
        foreach (var c in _m.Threads)
        {
            if (insert) c.SetBreakpoint(address);
            else c.ClearBreakpoint(address);
        }
        return true;
    }

    public bool SetWatchpoint(ulong address, ulong length, WatchKind kind, bool insert)
    {
        if (length == 0) return false;
        foreach (var c in _m.Threads)
        {
            if (insert) c.SetWatchpoint(address, length, kind);
            else c.ClearWatchpoint(address, length, kind);
        }
        return true;
    }

    public void Detach()
    {
        foreach (var c in _m.Threads) c.DebugTrapsEnabled = false;
    }

    /// <summary>
    /// Prepares the machine to run on without the debugger: debug stops off, a reported fault
    /// delivered, and the rest of the recorded history replayed so that nothing the host already
    /// did (output, file changes) happens twice.
    /// </summary>
    public void ReleaseForFreeRun()
    {
        Detach();
        if (Ended() != null) return;
        DeliverReportedFault();
        if (Replaying)
        {
            var last = _log[^1];
            ReplayUntil(new TimelinePosition(last.Instructions, _log.Count), hits: null);
        }
    }

    // ---- running ------------------------------------------------------------------------------

    public StopEvent Resume(ResumeMode mode, int threadId, Func<bool> interruptRequested)
    {
        if (Ended() is { } ended) return LastStop = ended;
        LastStop = mode switch
        {
            ResumeMode.Continue => Continue(interruptRequested),
            ResumeMode.Step => Step(),
            ResumeMode.ReverseStep => ReverseStep(),
            _ => ReverseContinue(),
        };
        return LastStop;
    }

    /// <summary>The program's end, once execution stands at the end of the history after it.</summary>
    private StopEvent? Ended()
    {
        if (Replaying) return null;
        if (_m.TerminatingSignal is { } sig) return new StopEvent(StopKind.Terminated, 1, sig);
        if (_m.ExitCode is { } code) return new StopEvent(StopKind.Exited, 1, ExitCode: code);
        return null;
    }

    private int PendingThread()
    {
        for (int i = 0; i < _m.Threads.Count; i++)
            if (_m.Threads[i].Pending != Interrupt.None) return i;
        return -1;
    }

    /// <summary>Applies the next event: from the log inside the history, for real (and logged) past its end.</summary>
    private void DoEvent(int thread, RecordedEventKind kind)
    {
        if (_cursor < _log.Count)
        {
            var e = _log[_cursor];
            if (e.Instructions != _m.Position || e.Kind != kind)
                throw new InvalidOperationException($"replay diverged: expected {e.Kind} at {e.Instructions}, got {kind} at {_m.Position}");
            _m.Replay(e.Effects);
        }
        else
        {
            _log.Add(new RecordedEvent(_m.Position, kind, thread, _m.ServiceAndRecord(thread)));
        }
        _cursor++;
    }

    /// <summary>Applies logged edits due at this position; returns the budget cap up to the next one.</summary>
    private ulong ApplyDueEdits(TimelinePosition? limit)
    {
        while (_cursor < _log.Count && _log[_cursor].Kind == RecordedEventKind.Edit && _log[_cursor].Instructions == _m.Position
               && (limit == null || _cursor < limit.Value.Events || _m.Position < limit.Value.Instructions))
        {
            _m.Replay(_log[_cursor].Effects);
            _cursor++;
        }
        if (_cursor < _log.Count && _log[_cursor].Kind == RecordedEventKind.Edit && _log[_cursor].Instructions > _m.Position)
            return _log[_cursor].Instructions - _m.Position;
        return ulong.MaxValue;
    }

    private void MaybeSnapshot()
    {
        if (PendingThread() >= 0) return;
        var now = Now;
        int i = _snaps.FindLastIndex(s => s.At <= now);
        if (_snaps[i].At == now || now.Instructions - _snaps[i].At.Instructions < SnapshotInterval) return;
        _snaps.Insert(i + 1, (now, _m.Save()));
        if (_snaps.Count > MaxSnapshots)
        {
            // Keep the start of history; thin the rest to every other snapshot.
            for (int k = _snaps.Count - 1; k >= 1; k--)
                if ((k & 1) == 1) _snaps.RemoveAt(k);
            SnapshotInterval *= 2;
        }
    }

    private ulong NextSnapshotBudget()
    {
        var now = Now;
        var last = _snaps[_snaps.FindLastIndex(s => s.At <= now)].At;
        ulong due = last.Instructions + SnapshotInterval;
        return due > now.Instructions ? due - now.Instructions : 1;
    }

    private StopEvent DebugStopEvent(int thread)
    {
        var c = _m.Threads[thread];
        var kind = c.DebugStopKind;
        ulong addr = c.DebugStopAddress;
        var wk = c.DebugStopWatchKind;
        c.ClearPending();
        return kind == DebugStopKind.Watchpoint
            ? new StopEvent(StopKind.Watchpoint, thread + 1, GdbSignal.Trap, addr, wk)
            : new StopEvent(StopKind.Breakpoint, thread + 1, GdbSignal.Trap, addr);
    }

    /// <summary>
    /// Handles the pending interrupt of a thread while running forward: a debug stop or a fault
    /// becomes a stop to report (the fault stays pending until the next resume), a system call is
    /// serviced. Returns null to keep going.
    /// </summary>
    private StopEvent? OnPending(int t)
    {
        var c = _m.Threads[t];
        if (c.Pending == Interrupt.DebugStop) return DebugStopEvent(t);
        int sig = _m.PendingSignal(t);
        if (sig != 0) return new StopEvent(StopKind.Signal, t + 1, sig);
        DoEvent(t, RecordedEventKind.SystemCall);
        return Ended();
    }

    /// <summary>A fault reported at the last stop is delivered when execution resumes (gdb's "pass").</summary>
    private StopEvent? DeliverReportedFault()
    {
        int t = PendingThread();
        if (t < 0) return null;
        if (_m.Threads[t].Pending == Interrupt.DebugStop)
        {
            _m.Threads[t].ClearPending();
            return null;
        }
        if (_m.PendingSignal(t) == 0)
        {
            DoEvent(t, RecordedEventKind.SystemCall);
            return Ended();
        }
        DoEvent(t, RecordedEventKind.Fault);
        return Ended();
    }

    private void SuppressAtCurrent()
    {
        foreach (var c in _m.Threads) c.SuppressDebugStopOnce();
    }

    private StopEvent Continue(Func<bool> interruptRequested)
    {
        if (DeliverReportedFault() is { } end) return end;
        SuppressAtCurrent();
        while (true)
        {
            if (Ended() is { } e) return e;
            if (interruptRequested()) return new StopEvent(StopKind.Signal, 1, GdbSignal.Int);
            ulong cap = ApplyDueEdits(null);
            int t = PendingThread();
            if (t < 0)
            {
                MaybeSnapshot();
                t = _m.Run(Math.Min(Math.Min(Slice, cap), NextSnapshotBudget()));
            }
            if (t >= 0 && OnPending(t) is { } stop) return stop;
        }
    }

    private StopEvent Step()
    {
        int p = PendingThread();
        if (p >= 0 && _m.Threads[p].Pending != Interrupt.DebugStop)
        {
            // Stepping from a fault stop delivers it: the step ends at the handler (or the exit).
            return DeliverReportedFault() ?? new StopEvent(StopKind.Signal, p + 1, GdbSignal.Trap);
        }
        if (p >= 0) _m.Threads[p].ClearPending();
        ApplyDueEdits(null);
        MaybeSnapshot();
        SuppressAtCurrent();
        int t = PendingThread();
        if (t < 0) t = _m.Run(1);
        if (t >= 0 && OnPending(t) is { } stop) return stop;
        return new StopEvent(StopKind.Signal, 1, GdbSignal.Trap);
    }

    // ---- going back ---------------------------------------------------------------------------

    /// <summary>The position one step before <paramref name="p"/>.</summary>
    private TimelinePosition PreviousPosition(TimelinePosition p)
    {
        // An event at this instruction count that was not a system call (those belong to the sc
        // instruction's step) is its own step: undo just it.
        if (p.Events > 0)
        {
            var last = _log[p.Events - 1];
            if (last.Instructions == p.Instructions && last.Kind != RecordedEventKind.SystemCall)
                return p with { Events = p.Events - 1 };
        }
        ulong target = p.Instructions - 1;
        int events = p.Events;
        while (events > 0 && _log[events - 1].Instructions > target) events--;
        return new TimelinePosition(target, events);
    }

    private StopEvent ReverseStep()
    {
        var now = Now;
        // Stopped on a fault not yet delivered: the state is the one before it, plus the pending flag.
        if (now <= _snaps[0].At) return new StopEvent(StopKind.HistoryBegin, 1);
        var target = PreviousPosition(now);
        if (target < _snaps[0].At) return new StopEvent(StopKind.HistoryBegin, 1);
        RunTo(target);
        return new StopEvent(StopKind.Signal, 1, GdbSignal.Trap);
    }

    /// <summary>Restores the latest snapshot at or before <paramref name="target"/> and replays up to it, with debug stops off.</summary>
    public void RunTo(TimelinePosition target)
    {
        int i = _snaps.FindLastIndex(s => s.At <= target);
        Restore(i);
        foreach (var c in _m.Threads) c.DebugTrapsEnabled = false;
        try
        {
            ReplayUntil(target, hits: null);
        }
        finally
        {
            foreach (var c in _m.Threads) c.DebugTrapsEnabled = true;
        }
    }

    private void Restore(int snapshot)
    {
        _m.Restore(_snaps[snapshot].State);
        _cursor = _snaps[snapshot].At.Events;
    }

    /// <summary>
    /// Runs from the current (restored) position to <paramref name="end"/> using the log. With
    /// <paramref name="hits"/>, debug stops are collected and stepped past instead of stopping.
    /// </summary>
    private void ReplayUntil(TimelinePosition end, List<ReplayHit>? hits)
    {
        while (Now != end)
        {
            if (Now > end) throw new InvalidOperationException($"replay overshot {end}: at {Now}");
            ulong cap = ApplyDueEdits(end);
            if (Now == end) break;
            int t = PendingThread();
            if (t < 0)
            {
                ulong budget = _m.Position < end.Instructions ? Math.Min(end.Instructions - _m.Position, cap) : 1;
                t = _m.Run(budget);
                if (t < 0) continue;
            }
            var c = _m.Threads[t];
            if (c.Pending == Interrupt.DebugStop)
            {
                hits?.Add(new ReplayHit(Now, t, c.DebugStopKind, c.DebugStopAddress, c.DebugStopWatchKind));
                c.ClearPending();
                c.SuppressDebugStopOnce();
                continue;
            }
            DoEvent(t, _m.PendingSignal(t) == 0 ? RecordedEventKind.SystemCall : RecordedEventKind.Fault);
        }
    }

    private StopEvent ReverseContinue()
    {
        var now = Now;
        var end = now;
        for (int k = _snaps.FindLastIndex(s => s.At < now); k >= 0; k--)
        {
            var hits = new List<ReplayHit>();
            Restore(k);
            ReplayUntil(end, hits);
            if (hits.Count > 0)
            {
                var h = hits[^1];
                RunTo(h.At);
                if (h.Kind == DebugStopKind.Watchpoint)
                {
                    StepPastAccess(h.At);
                    return new StopEvent(StopKind.Watchpoint, h.Thread + 1, GdbSignal.Trap, h.Address, h.WatchKind);
                }
                return new StopEvent(StopKind.Breakpoint, h.Thread + 1, GdbSignal.Trap, h.Address);
            }
            end = _snaps[k].At;
        }
        RunTo(_snaps[0].At);
        return new StopEvent(StopKind.HistoryBegin, 1);
    }

    /// <summary>Executes the accessing instruction at <paramref name="at"/> (quietly); stays put if it faults.</summary>
    private void StepPastAccess(TimelinePosition at)
    {
        foreach (var c in _m.Threads) c.DebugTrapsEnabled = false;
        try
        {
            int t = _m.Run(1);
            if (t >= 0)
            {
                if (_m.PendingSignal(t) == 0 && _m.Threads[t].Pending == Interrupt.SystemCall) DoEvent(t, RecordedEventKind.SystemCall);
                else RunTo(at);
            }
        }
        finally
        {
            foreach (var c in _m.Threads) c.DebugTrapsEnabled = true;
        }
    }
}
