using PpcSim.Core;
using PpcSim.Memory.Mmu;
using PpcSim.Platform;

namespace PpcSim.GdbStub;

/// <summary>
/// gdb on the full system (<see cref="SystemMachine"/>): gdb threads are hardware threads
/// (1..N), memory goes through the selected thread's translation, breakpoints and watchpoints are
/// on effective addresses (so kernel symbols from kernel.elf work as they are).
/// <para>
/// Reverse execution is deterministic re-execution: the seed, the configuration and the image
/// ARE the recording, so going back means building the machine again from <see cref="_boot"/>
/// and running it to the wanted point. The clock is <see cref="SystemMachine.Retired"/>
/// (instructions retired by all threads), which is exact and does not depend on where runs were
/// cut, because the scheduler's current slice is machine state. A repro run is 1-2 s of host
/// time, so a reverse step costs at most two such runs; there are no snapshots (copying RAM,
/// devices and the event queue's closures safely would be the next step if that gets too slow).
/// Console output of a re-execution is suppressed up to what was already printed.
/// </para>
/// </summary>
public sealed class SystemDebugTarget : IDebugTarget
{
    /// <summary>Instructions between polls for gdb's Ctrl-C while running.</summary>
    private const ulong PollChunk = 4_000_000;

    private readonly Func<Stream?, SystemMachine> _boot;
    private readonly ulong _maxCycles;
    private readonly Stream? _console;
    private readonly HashSet<ulong> _breakpoints = [];
    private readonly List<(ulong Address, ulong Length, WatchKind Kind)> _watchpoints = [];
    private long _printed;
    // The thread whose breakpoint/watchpoint stop is current: it executes that instruction on resume.
    private int _suppressThread = -1;
    // After a forward step of a thread: (position, thread) = that thread retired the last instruction.
    private (ulong Position, int Thread)? _lastRetire;

    /// <param name="boot">Builds the machine from scratch (image loaded, at its reset state), writing its console to the given stream.</param>
    /// <param name="maxCycles">The cycle bound the machine normally runs with (part of the schedule: the same value every run).</param>
    /// <param name="console">Where guest console output goes (each byte once, however often the machine is re-executed).</param>
    public SystemDebugTarget(Func<Stream?, SystemMachine> boot, ulong maxCycles = ulong.MaxValue, Stream? console = null)
    {
        _boot = boot;
        _maxCycles = maxCycles;
        _console = console;
        Machine = Fresh();
        ThreadIds = Enumerable.Range(1, Machine.Cpus.Count).ToArray();
        LastStop = new StopEvent(StopKind.Signal, 1, GdbSignal.Trap);
    }

    /// <summary>The machine in its current state (replaced by a new one when execution goes back).</summary>
    public SystemMachine Machine { get; private set; }

    /// <summary>Instructions retired by all threads: the position on the timeline.</summary>
    public ulong Position => Machine.Retired;

    /// <summary>How many times the machine was rebuilt and re-executed (for tests and the README's cost note).</summary>
    public int Reexecutions { get; private set; }

    public IReadOnlyList<int> ThreadIds { get; }
    public bool CanReverse => true;
    public StopEvent LastStop { get; private set; }
    public string TargetDescription => PowerRegisters.SystemTargetXml;

    /// <summary>`monitor where`: the timeline position and every thread's clock; `monitor console`: the guest console so far.</summary>
    public string? Monitor(string command)
    {
        var m = Machine;
        switch (command)
        {
            case "where":
            case "":
                var sb = new System.Text.StringBuilder($"position {m.Retired} (instructions retired by all threads), {Reexecutions} re-executions so far\n");
                for (int i = 0; i < m.Cpus.Count; i++)
                {
                    var c = m.Cpus[i];
                    sb.Append($"thread {i + 1}: {DescribeThread(i + 1)} pc=0x{c.Pc:x} instructions={c.Instructions} cycles={c.Cycles}\n");
                }
                return sb.ToString();
            case "console":
                return m.Console;
            default:
                return "ppcsim monitor commands: where, console\n";
        }
    }

    private Cpu Thread(int threadId) => Machine.Cpus[threadId <= 0 ? 0 : threadId - 1];

    public string DescribeThread(int threadId)
    {
        var c = Thread(threadId);
        string mode = (c.Msr & Msr.PR) != 0 ? "user" : (c.Msr & Msr.HV) != 0 ? "hypervisor" : "supervisor";
        string mmu = (c.Msr & Msr.DR) != 0 ? "" : " real-mode";
        return $"cpu {threadId - 1} (PIR {c.Pir}) {mode}{mmu}{(c.Stopped ? " idle" : "")}";
    }

    public Cpu Registers(int threadId) => Thread(threadId);

    public bool TryEditRegisters(int threadId, Action<Cpu> edit, out string? error)
    {
        error = "the full-system target is read-only: its recording is the seed, and an edit would not survive re-execution";
        return false;
    }

    public bool TryWriteMemory(int threadId, ulong address, ReadOnlySpan<byte> data, out string? error)
    {
        error = "the full-system target is read-only: its recording is the seed, and an edit would not survive re-execution";
        return false;
    }

    // ---- memory -------------------------------------------------------------------------------

    /// <summary>
    /// Reads through the thread's translation as its data accesses would (MSR[DR]: radix or real
    /// mode), with privilege (a debugger may look at kernel memory from a user thread), using a
    /// private walker: no reference/change bits set, the guest's translation cache untouched.
    /// Device (MMIO) addresses read as unavailable: reading a device register has side effects.
    /// </summary>
    public int ReadMemory(int threadId, ulong address, Span<byte> destination)
    {
        var c = Thread(threadId);
        var mmu = new RadixMmu(new ReadOnlyPhysical(Machine.Ram));
        var ctx = new TranslationContext((c.Msr & Msr.DR) != 0, false, (c.Msr & Msr.HV) != 0, c.Ptcr, c.Lpidr, c.Pidr);
        int done = 0;
        while (done < destination.Length)
        {
            ulong ea = address + (ulong)done;
            var t = mmu.Translate(ea, AccessKind.Read, ctx);
            if (!t.Ok) break;
            int n = (int)Math.Min((ulong)(destination.Length - done), 0x1000 - (ea & 0xfff));
            if (t.Attribute != CachingAttribute.Normal || !Machine.Ram.Contains(t.RealAddress, n)) break;
            Machine.Ram.Peek(t.RealAddress, destination.Slice(done, n));
            done += n;
        }
        return done;
    }

    // ---- breakpoints --------------------------------------------------------------------------

    public bool SetBreakpoint(ulong address, bool insert)
    {
        if (insert) _breakpoints.Add(address);
        else _breakpoints.Remove(address);
        foreach (var c in Machine.Cpus)
        {
            if (insert) c.SetBreakpoint(address);
            else c.ClearBreakpoint(address);
        }
        return true;
    }

    public bool SetWatchpoint(ulong address, ulong length, WatchKind kind, bool insert)
    {
        if (length == 0) return false;
        if (insert) _watchpoints.Add((address, length, kind));
        else if (!_watchpoints.Remove((address, length, kind))) return false;
        foreach (var c in Machine.Cpus)
        {
            if (insert) c.SetWatchpoint(address, length, kind);
            else c.ClearWatchpoint(address, length, kind);
        }
        return true;
    }

    public void Detach()
    {
        foreach (var a in _breakpoints.ToList()) SetBreakpoint(a, false);
        foreach (var w in _watchpoints.ToList()) SetWatchpoint(w.Address, w.Length, w.Kind, false);
        ReleaseDebugStop();
    }

    // ---- running ------------------------------------------------------------------------------

    public StopEvent Resume(ResumeMode mode, int threadId, Func<bool> interruptRequested)
    {
        if (threadId <= 0) threadId = LastStop.ThreadId > 0 ? LastStop.ThreadId : 1;
        LastStop = mode switch
        {
            ResumeMode.Continue => Forward(-1, interruptRequested),
            ResumeMode.Step => Forward(threadId - 1, interruptRequested),
            ResumeMode.ReverseStep => ReverseStep(threadId - 1),
            _ => ReverseContinue(threadId),
        };
        return LastStop;
    }

    /// <summary>Runs the machine on to a stop gdb must see; <paramref name="stepThread"/> >= 0: until that thread retires one instruction.</summary>
    private StopEvent Forward(int stepThread, Func<bool> interruptRequested)
    {
        var m = Machine;
        ReleaseDebugStop();
        _lastRetire = null;
        m.StepThread = stepThread;
        if (stepThread >= 0) m.StepThreadAt = m.Cpus[stepThread].Instructions + 1;
        try
        {
            while (true)
            {
                m.StopAtRetired = m.Retired + PollChunk;
                var reason = m.Run(_maxCycles);
                if (reason == MachineStopReason.DebugLimit)
                {
                    if (stepThread >= 0 && m.Cpus[stepThread].Instructions >= m.StepThreadAt)
                    {
                        _lastRetire = (m.Retired, stepThread);
                        return new StopEvent(StopKind.Signal, stepThread + 1, GdbSignal.Trap);
                    }
                    if (interruptRequested()) return new StopEvent(StopKind.Signal, stepThread >= 0 ? stepThread + 1 : LastStop.ThreadId, GdbSignal.Int);
                    continue;
                }
                return Stopped(reason);
            }
        }
        finally
        {
            m.StopAtRetired = ulong.MaxValue;
            m.StepThread = -1;
        }
    }

    /// <summary>The stop event for the machine's stop reason (breakpoint/watchpoint or the end of the run).</summary>
    private StopEvent Stopped(MachineStopReason reason)
    {
        var m = Machine;
        if (reason == MachineStopReason.DebugStop)
        {
            int t = m.DebugThread;
            _suppressThread = t;
            var c = m.Cpus[t];
            return c.DebugStopKind == DebugStopKind.Watchpoint
                ? new StopEvent(StopKind.Watchpoint, t + 1, GdbSignal.Trap, c.DebugStopAddress, c.DebugStopWatchKind)
                : new StopEvent(StopKind.Breakpoint, t + 1, GdbSignal.Trap, c.Pc);
        }
        if (reason == MachineStopReason.PowerOff) return new StopEvent(StopKind.Exited, 1, ExitCode: m.SimControl.ExitStatus ?? 0);
        // Hang, storm, unrecoverable, cycle limit: the machine stays inspectable (and reversible).
        return new StopEvent(StopKind.Signal, LastStop.ThreadId > 0 ? LastStop.ThreadId : 1, GdbSignal.Abrt);
    }

    /// <summary>Lets the thread that stopped at a breakpoint/watchpoint execute that instruction when it runs on.</summary>
    private void ReleaseDebugStop()
    {
        if (_suppressThread < 0) return;
        var c = Machine.Cpus[_suppressThread];
        if (c.Pending == Interrupt.DebugStop) c.ClearPending();
        c.SuppressDebugStopOnce();
        _suppressThread = -1;
    }

    // ---- reverse ------------------------------------------------------------------------------

    /// <summary>A fresh machine at its reset state, console output deduplicated against what was printed.</summary>
    private SystemMachine Fresh()
    {
        var m = _boot(_console == null ? null : new ConsoleTap(this));
        return m;
    }

    private void Arm(SystemMachine m)
    {
        foreach (var c in m.Cpus)
        {
            foreach (var a in _breakpoints) c.SetBreakpoint(a);
            foreach (var (a, l, k) in _watchpoints) c.SetWatchpoint(a, l, k);
        }
    }

    /// <summary>
    /// Re-executes from reset. Stops at <paramref name="stopAt"/> retired instructions, or, with
    /// <paramref name="stopAtHit"/> >= 0, at that (0-based) breakpoint/watchpoint hit; hits passed on
    /// the way are added to <paramref name="hits"/>. Debug traps are armed only if hits matter.
    /// </summary>
    private SystemMachine Reexecute(ulong stopAt, int stopAtHit = -1, List<(ulong Position, int Thread)>? hits = null, int stepThread = -1, ulong stepThreadAt = 0)
    {
        Reexecutions++;
        var m = Fresh();
        bool traps = stopAtHit >= 0 || hits != null;
        if (traps) Arm(m);
        m.StopAtRetired = stopAt;
        m.StepThread = stepThread;
        m.StepThreadAt = stepThreadAt;
        int hit = 0, suppress = -1;
        while (true)
        {
            if (suppress >= 0)
            {
                m.Cpus[suppress].ClearPending();
                m.Cpus[suppress].SuppressDebugStopOnce();
                suppress = -1;
            }
            var reason = m.Run(_maxCycles);
            if (reason != MachineStopReason.DebugStop) break;
            if (hit == stopAtHit) break;
            hits?.Add((m.Retired, m.DebugThread));
            hit++;
            suppress = m.DebugThread;
        }
        m.StopAtRetired = ulong.MaxValue;
        m.StepThread = -1;
        if (!traps) Arm(m);
        return m;
    }

    /// <summary>Puts a re-executed machine in place; <paramref name="debugThread"/> >= 0 if it stands at that thread's breakpoint/watchpoint stop.</summary>
    private void Adopt(SystemMachine m, int debugThread)
    {
        Machine = m;
        _suppressThread = debugThread;
        _lastRetire = null;
    }

    /// <summary>Back to the latest earlier position at which the thread had retired one instruction fewer.</summary>
    private StopEvent ReverseStep(int t)
    {
        ulong k = Machine.Cpus[t].Instructions;
        if (k == 0) return new StopEvent(StopKind.HistoryBegin, t + 1);
        // Q = the position at which thread t retired its k-th instruction; the target is Q - 1.
        ulong q;
        if (_lastRetire is { } lr && lr.Thread == t && lr.Position == Position) q = Position;
        else q = Reexecute(ulong.MaxValue, stepThread: t, stepThreadAt: k).Retired;
        var m = Reexecute(q - 1);
        Adopt(m, -1);
        return new StopEvent(StopKind.Signal, t + 1, GdbSignal.Trap);
    }

    /// <summary>Back to the last breakpoint/watchpoint hit before the current position.</summary>
    private StopEvent ReverseContinue(int threadId)
    {
        ulong now = Position;
        var hits = new List<(ulong Position, int Thread)>();
        if (_breakpoints.Count > 0 || _watchpoints.Count > 0) Reexecute(now, hits: hits);
        int last = hits.FindLastIndex(h => h.Position < now);
        if (last < 0)
        {
            Adopt(Reexecute(0), -1);
            return new StopEvent(StopKind.HistoryBegin, threadId);
        }
        var m = Reexecute(ulong.MaxValue, stopAtHit: last);
        Adopt(m, m.DebugThread);
        var stop = Stopped(MachineStopReason.DebugStop);
        return stop;
    }

    /// <summary>The console stream of one machine: bytes a previous execution already printed are dropped.</summary>
    private sealed class ConsoleTap(SystemDebugTarget owner) : Stream
    {
        private long _position;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            foreach (byte b in buffer)
            {
                if (_position++ < owner._printed) continue;
                owner._printed++;
                owner._console!.WriteByte(b);
            }
            owner._console!.Flush();
        }

        public override void WriteByte(byte value) => Write([value]);
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _position;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Physical memory for the debugger's private table walker: reads only, R/C updates dropped.</summary>
    private sealed class ReadOnlyPhysical(PhysicalMemory ram) : IPhysicalMemory
    {
        public bool TryReadBigEndian64(ulong pa, out ulong value)
        {
            value = 0;
            if (!ram.Contains(pa, 8)) return false;
            Span<byte> b = stackalloc byte[8];
            ram.Peek(pa, b);
            value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b);
            return true;
        }

        public bool TryOrBigEndian64(ulong pa, ulong bits) => ram.Contains(pa, 8);
    }
}
