using System.Text;
using PpcSim.Core;
using PpcSim.Litmus;
using PpcSim.Machine.Weak;

namespace PpcSim.Litmus.Tests;

/// <summary>
/// An independent, deliberately simple reference for the sc and tso models: whole instructions
/// run one at a time on the ordinary interpreter (<see cref="Cpu.Step"/>), threads interleaved
/// in every possible order; for TSO each thread also has a FIFO store buffer that loads forward
/// from and that drains one store at a time, and sync waits until it is empty. Every reachable
/// final state is enumerated (with memoisation), so its outcome set is the exact SC/TSO set.
/// lwarx/stwcx.: the reservation is lost when another thread's store reaches memory; a
/// stwcx. may also fail spuriously (SC only; LLSC tests are not compared under TSO).
/// </summary>
internal sealed class ReferenceEnumerator
{
    private readonly CompiledLitmus _test;
    private readonly bool _tso;
    private readonly Cpu[] _cpus;
    private readonly Port[] _ports;
    private readonly Dictionary<ulong, ulong> _initial;

    private sealed class ThreadState
    {
        public ulong[] Gpr = new ulong[32];
        public uint Cr;
        public ulong Xer, Lr, Ctr, Pc;
        public bool Done;
        public long Reservation = -1;
        public List<(ulong Ea, ulong Value)> Buffer = [];

        public ThreadState Clone() => new()
        {
            Gpr = (ulong[])Gpr.Clone(), Cr = Cr, Xer = Xer, Lr = Lr, Ctr = Ctr, Pc = Pc, Done = Done,
            Reservation = Reservation, Buffer = [.. Buffer],
        };
    }

    private sealed class State
    {
        public ThreadState[] Threads = [];
        public SortedDictionary<ulong, ulong> Memory = [];

        public State Clone() => new() { Threads = Threads.Select(t => t.Clone()).ToArray(), Memory = new SortedDictionary<ulong, ulong>(Memory) };

        public string Key()
        {
            var sb = new StringBuilder();
            foreach (var t in Threads)
            {
                sb.Append(t.Pc).Append(t.Done ? 'd' : 'r').Append(t.Cr).Append(',').Append(t.Xer).Append(',').Append(t.Lr).Append(',').Append(t.Ctr).Append(',').Append(t.Reservation).Append('|');
                foreach (var g in t.Gpr) sb.Append(g).Append(',');
                foreach (var (ea, v) in t.Buffer) sb.Append('b').Append(ea).Append('=').Append(v);
                sb.Append(';');
            }
            foreach (var (ea, v) in Memory) sb.Append(ea).Append('=').Append(v).Append(';');
            return sb.ToString();
        }
    }

    /// <summary>The memory port of one reference thread: reads/writes the current state.</summary>
    private sealed class Port(ReferenceEnumerator owner, int tid) : MemoryPort
    {
        public State S = null!;
        public bool StcxFail;

        private ThreadState T => S.Threads[tid];

        public override MemFault Fetch(ulong ea, out uint word)
        {
            var info = owner._test.Threads[tid].Program.At(ea);
            word = info?.Word ?? 0;
            return info == null ? MemFault.Unmapped : MemFault.None;
        }

        public override MemFault Read(ulong ea, int size, out ulong value)
        {
            value = owner.Load(S, tid, ea);
            if (size < 8) value &= (1UL << (size * 8)) - 1;
            return MemFault.None;
        }

        public override MemFault Write(ulong ea, int size, ulong value)
        {
            if (owner._tso) T.Buffer.Add((ea, value));
            else owner.ToMemory(S, tid, ea, value);
            return MemFault.None;
        }

        public override MemFault LoadReserve(ulong ea, int size, out ulong value)
        {
            T.Reservation = (long)ea;
            return Read(ea, size, out value);
        }

        public override MemFault StoreConditional(ulong ea, int size, ulong value, out bool stored)
        {
            stored = T.Reservation == (long)ea && !StcxFail;
            T.Reservation = -1;
            if (stored) Write(ea, size, value);
            return MemFault.None;
        }
    }

    public ReferenceEnumerator(CompiledLitmus test, bool tso)
    {
        _test = test;
        _tso = tso;
        _ports = new Port[test.Threads.Count];
        _cpus = new Cpu[test.Threads.Count];
        for (int t = 0; t < _cpus.Length; t++)
        {
            _ports[t] = new Port(this, t);
            _cpus[t] = new Cpu(_ports[t]);
        }
        _initial = test.InitialMemory.ToDictionary(m => m.Address, m => m.Value);
    }

    private ulong Load(State s, int tid, ulong ea)
    {
        var buf = s.Threads[tid].Buffer;
        for (int i = buf.Count - 1; i >= 0; i--)
            if (buf[i].Ea == ea) return buf[i].Value;
        return s.Memory.TryGetValue(ea, out ulong v) ? v : _initial.GetValueOrDefault(ea);
    }

    private void ToMemory(State s, int tid, ulong ea, ulong v)
    {
        s.Memory[ea] = v;
        for (int t = 0; t < s.Threads.Length; t++)
            if (t != tid && s.Threads[t].Reservation >= 0 && ((ulong)s.Threads[t].Reservation >> 7) == (ea >> 7)) s.Threads[t].Reservation = -1;
    }

    public HashSet<string> Outcomes(long maxStates = 5_000_000)
    {
        var start = new State { Threads = new ThreadState[_cpus.Length] };
        for (int t = 0; t < _cpus.Length; t++)
        {
            var ts = new ThreadState { Pc = _test.Threads[t].Program.Base };
            for (int r = 0; r < 32; r++) ts.Gpr[r] = _test.Threads[t].Registers[Resource.Gpr0 + r];
            ts.Done = _test.Threads[t].Program.At(ts.Pc) == null;
            start.Threads[t] = ts;
        }
        var seen = new HashSet<string>();
        var outcomes = new HashSet<string>();
        var stack = new Stack<State>();
        stack.Push(start);
        seen.Add(start.Key());
        var values = new ulong[_test.Observed.Count];
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            var next = Successors(s).ToList();
            if (next.Count == 0)
            {
                for (int i = 0; i < values.Length; i++)
                {
                    var l = _test.Observed[i];
                    values[i] = l.IsRegister
                        ? s.Threads[l.Thread].Gpr[int.Parse(l.Name.AsSpan(1))]
                        : s.Memory.TryGetValue(_test.AddressOf(l.Name), out ulong v) ? v : _initial.GetValueOrDefault(_test.AddressOf(l.Name));
                }
                outcomes.Add(_test.FormatOutcome(values));
                continue;
            }
            foreach (var n in next)
            {
                if (seen.Add(n.Key())) stack.Push(n);
                if (seen.Count > maxStates) throw new InvalidOperationException("reference enumeration too large");
            }
        }
        return outcomes;
    }

    private IEnumerable<State> Successors(State s)
    {
        for (int t = 0; t < s.Threads.Length; t++)
        {
            var ts = s.Threads[t];
            if (_tso && ts.Buffer.Count > 0)
            {
                var d = s.Clone();
                var (ea, v) = d.Threads[t].Buffer[0];
                d.Threads[t].Buffer.RemoveAt(0);
                ToMemory(d, t, ea, v);
                yield return d;
            }
            if (ts.Done) continue;
            var info = _test.Threads[t].Program.At(ts.Pc)!;
            if (_tso && info.Kind == InsnKind.Sync && ts.Buffer.Count > 0) continue;
            bool stcx = info.Kind == InsnKind.StoreConditional;
            foreach (bool fail in stcx ? new[] { false, true } : [false])
            {
                var n = s.Clone();
                Step(n, t, fail);
                yield return n;
            }
        }
    }

    private void Step(State s, int t, bool stcxFail)
    {
        var ts = s.Threads[t];
        var c = _cpus[t];
        var port = _ports[t];
        port.S = s;
        port.StcxFail = stcxFail;
        for (int r = 0; r < 32; r++) c.Gpr[r] = ts.Gpr[r];
        c.Cr = ts.Cr;
        c.Xer = ts.Xer;
        c.Lr = ts.Lr;
        c.Ctr = ts.Ctr;
        c.Pc = ts.Pc;
        c.ClearPending();
        if (!c.Step()) throw new InvalidOperationException($"reference: P{t} at 0x{ts.Pc:x} raised {c.Pending}");
        for (int r = 0; r < 32; r++) ts.Gpr[r] = c.Gpr[r];
        ts.Cr = c.Cr;
        ts.Xer = c.Xer;
        ts.Lr = c.Lr;
        ts.Ctr = c.Ctr;
        ts.Pc = c.Pc;
        ts.Done = _test.Threads[t].Program.At(ts.Pc) == null;
    }
}
