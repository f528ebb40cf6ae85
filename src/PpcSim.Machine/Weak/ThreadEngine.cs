using System.Numerics;
using System.Runtime.CompilerServices;
using PpcSim.Core;
using PpcSim.Memory.Weak;

namespace PpcSim.Machine.Weak;

/// <summary>
/// The thread subsystem of the operational POWER model: an in-flight window of instruction
/// instances in program order, fetched speculatively past unresolved branches, executed as soon
/// as their register inputs are available from earlier (possibly uncommitted) instances, and
/// committed under the conditions below. Dependencies are syntactic, through registers.
///
/// Eager (local, never restricts what else can happen): fetch of known successors, execution
/// of register-only instructions and branches, effective-address and store-data computation,
/// commit of register-only instructions, branches, isync and loads.
/// Scheduled (the seeded scheduler chooses): satisfying a load, committing a store (sending it
/// to storage), committing a barrier, speculating past a branch.
///
/// Rules (herd7's ppc.cat is the judge; comments cite which of its relations each one gives):
/// * A load may be satisfied once its address is known, every earlier isync and lwsync has
///   committed and every earlier sync is acknowledged. It forwards from the latest earlier
///   uncommitted store to the same address (waiting for its data), else reads its thread's
///   view of storage. Earlier stores with unknown addresses are speculated past.
/// * Coherence is kept by restarting: when a load is satisfied, later loads of the same address
///   that read a different write (and did not forward from a store in between) restart, as do
///   later loads when an earlier store's address turns out to be theirs (rdw, detour). A
///   restart also restarts everything that used the value.
/// * A load commits when its sources have committed, every earlier branch has committed, every
///   earlier access has a fully determined address (addr;po) and every earlier access to the
///   same address has committed (po-loc).
/// * A store commits under the same conditions plus: its address and data are determined by
///   committed instructions (no speculative write is ever visible), earlier barriers and isyncs
///   have committed and earlier syncs are acknowledged.
/// * sync/lwsync commit when every earlier access has committed; eieio when every earlier store
///   has; isync when every earlier branch has (so ctrl+isync orders, isync alone does not).
/// In the tso and sc models every scheduled step also waits for all earlier instructions to
/// commit (in-order cores).
/// </summary>
internal sealed class ThreadEngine
{
    public const int Window = 64;
    public const int MaxOut = 10;
    private const ulong NoPc = InsnInfo.NoPc;

    private readonly WeakMachine _m;
    private readonly int _tid;
    private readonly ProgramImage _program;
    private readonly ulong[] _setupRegs = new ulong[Resource.Count];
    /// <summary>Registers as left by the retired instructions (the initial values before any retired).</summary>
    private readonly ulong[] _initRegs = new ulong[Resource.Count];
    /// <summary>Instructions retired from the front of the window, and where fetch goes when the window is empty.</summary>
    private int _retired;
    private ulong _basePc;
    private readonly bool _inOrder;

    private int _n;
    private readonly InsnInfo[] _info = new InsnInfo[Window];
    private readonly ulong[] _next = new ulong[Window];
    private readonly sbyte[][] _src = new sbyte[Window][];
    private readonly byte[][] _srcSlot = new byte[Window][];
    private readonly ulong[] _srcMask = new ulong[Window];
    private readonly ulong[] _addrSrcMask = new ulong[Window];
    private readonly ulong[] _ea = new ulong[Window];
    private readonly int[] _loc = new int[Window];
    private readonly ulong[] _data = new ulong[Window];
    private readonly ulong[] _loaded = new ulong[Window];
    /// <summary>Load: the store it forwarded from, or -1.</summary>
    private readonly int[] _fwd = new int[Window];
    /// <summary>Load from storage: the write it read (or the initial value).</summary>
    private readonly int[] _srcWrite = new int[Window];
    /// <summary>Committed store/barrier: its storage event; -1 for a failed store conditional.</summary>
    private readonly int[] _event = new int[Window];
    private readonly ulong[] _out = new ulong[Window * MaxOut];

    private ulong _done, _committed, _addrKnown, _dataKnown, _satisfied, _acked;
    /// <summary>Load-reserves whose reservation another thread's write to the granule (at a different address) has cancelled.</summary>
    private ulong _resvLost;
    /// <summary>Instances whose handler raised an interrupt: a fault only once they are no longer speculative.</summary>
    private ulong _faultM;
    private readonly string?[] _faultWhy = new string?[Window];
    private ulong _branchM, _memM, _storeM, _loadM, _syncM, _lwsyncM, _eieioM, _isyncM, _larxM, _stcxM;

    public ThreadEngine(WeakMachine m, int tid, ProgramImage program, ReadOnlySpan<ulong> initialRegisters)
    {
        _m = m;
        _tid = tid;
        _program = program;
        initialRegisters.CopyTo(_setupRegs);
        initialRegisters.CopyTo(_initRegs);
        _inOrder = m.Model != MemoryModel.Power;
        for (int i = 0; i < Window; i++)
        {
            _src[i] = new sbyte[8];
            _srcSlot[i] = new byte[8];
        }
    }

    public int Id => _tid;
    public ProgramImage Program => _program;
    public int Count => _n;
    public string? Fault { get; private set; }

    public void Reset()
    {
        _n = 0;
        _retired = 0;
        _basePc = _program.Base;
        _setupRegs.CopyTo(_initRegs, 0);
        _done = _committed = _addrKnown = _dataKnown = _satisfied = _acked = _resvLost = _faultM = 0;
        _branchM = _memM = _storeM = _loadM = _syncM = _lwsyncM = _eieioM = _isyncM = _larxM = _stcxM = 0;
        Fault = null;
    }

    /// <summary>Every fetched instruction committed and nothing left to fetch.</summary>
    public bool Finished
    {
        get
        {
            if (Fault != null) return true;
            if (_committed != Mask(_n)) return false;
            ulong pc = _n == 0 ? _basePc : _next[_n - 1];
            return pc == NoPc ? false : _program.At(pc) == null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mask(int n) => n >= 64 ? ulong.MaxValue : (1UL << n) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Below(int i) => (1UL << i) - 1;

    // ---- fetch --------------------------------------------------------------------------------

    /// <summary>
    /// Retires committed instructions from the front of the window once nothing can change them:
    /// their register results become the base register file, loads that forwarded from a retired
    /// store now name its storage event. Keeps long programs and loops within the window.
    /// </summary>
    private bool RetireFront()
    {
        bool any = false;
        while (_n > 0 && (_committed & 1) != 0 && (_n == Window || _retired + _n > RetireAfter))
        {
            // A load-reserve stays until a later one replaces it or a later store conditional has used it.
            if ((_larxM & 1) != 0 && (((_larxM | _stcxM) & _committed) & ~1UL) == 0) break;
            var outs = _info[0].OutRes;
            for (int s = 0; s < outs.Length; s++) _initRegs[outs[s]] = _out[s];
            _basePc = _next[0];
            for (int k = 1; k < _n; k++)
            {
                if (_fwd[k] == 0)
                {
                    _fwd[k] = -1;
                    _srcWrite[k] = _event[0];
                }
                else if (_fwd[k] > 0) _fwd[k]--;
                var src = _src[k];
                for (int j = 0; j < src.Length; j++)
                    if (src[j] >= 0) src[j]--;
            }
            // Shift every per-instance array down by one.
            var info0 = _info[0];
            var src0 = _src[0];
            var slot0 = _srcSlot[0];
            int m = _n - 1;
            Array.Copy(_info, 1, _info, 0, m);
            Array.Copy(_next, 1, _next, 0, m);
            Array.Copy(_src, 1, _src, 0, m);
            Array.Copy(_srcSlot, 1, _srcSlot, 0, m);
            _src[m] = src0;
            _srcSlot[m] = slot0;
            _info[m] = info0;
            Array.Copy(_srcMask, 1, _srcMask, 0, m);
            Array.Copy(_addrSrcMask, 1, _addrSrcMask, 0, m);
            for (int k = 0; k < m; k++)
            {
                _srcMask[k] >>= 1;
                _addrSrcMask[k] >>= 1;
            }
            Array.Copy(_ea, 1, _ea, 0, m);
            Array.Copy(_loc, 1, _loc, 0, m);
            Array.Copy(_data, 1, _data, 0, m);
            Array.Copy(_loaded, 1, _loaded, 0, m);
            Array.Copy(_fwd, 1, _fwd, 0, m);
            Array.Copy(_srcWrite, 1, _srcWrite, 0, m);
            Array.Copy(_event, 1, _event, 0, m);
            Array.Copy(_out, MaxOut, _out, 0, m * MaxOut);
            _done >>= 1; _committed >>= 1; _addrKnown >>= 1; _dataKnown >>= 1; _satisfied >>= 1; _acked >>= 1; _resvLost >>= 1; _faultM >>= 1;
            Array.Copy(_faultWhy, 1, _faultWhy, 0, m);
            _branchM >>= 1; _memM >>= 1; _storeM >>= 1; _loadM >>= 1; _syncM >>= 1; _lwsyncM >>= 1;
            _eieioM >>= 1; _isyncM >>= 1; _larxM >>= 1; _stcxM >>= 1;
            _n = m;
            _retired++;
            any = true;
        }
        return any;
    }

    /// <summary>
    /// Programs shorter than this keep every instruction in the window (litmus tests: the final
    /// registers and the exhaustive search's states are then simplest); longer ones retire as
    /// they go.
    /// </summary>
    public const int RetireAfter = 48;

    private bool FetchAll()
    {
        bool changed = false;
        while (_n < Window)
        {
            ulong pc = _n == 0 ? _basePc : _next[_n - 1];
            if (pc == NoPc) break;
            var info = _program.At(pc);
            if (info == null) break;
            Append(info);
            changed = true;
        }
        return changed;
    }

    private void Append(InsnInfo info)
    {
        int i = _n++;
        ulong b = 1UL << i;
        _info[i] = info;
        _next[i] = info.StaticNext;
        _fwd[i] = -1;
        _srcWrite[i] = StorageSubsystem.InitialWrite;
        _event[i] = -1;
        ulong srcMask = 0, addrMask = 0;
        var src = _src[i];
        var slot = _srcSlot[i];
        var ins = info.InRes;
        for (int k = 0; k < ins.Length; k++)
        {
            int r = ins[k];
            int from = -1, fromSlot = 0;
            for (int j = i - 1; j >= 0 && from < 0; j--)
            {
                var outs = _info[j].OutRes;
                for (int s = 0; s < outs.Length; s++)
                {
                    if (outs[s] == r)
                    {
                        from = j;
                        fromSlot = s;
                        break;
                    }
                }
            }
            src[k] = (sbyte)from;
            slot[k] = (byte)fromSlot;
            if (from >= 0)
            {
                srcMask |= 1UL << from;
                if ((info.InRole[k] & InsnInfo.RoleAddr) != 0) addrMask |= 1UL << from;
            }
        }
        _srcMask[i] = srcMask;
        _addrSrcMask[i] = addrMask;
        switch (info.Kind)
        {
            case InsnKind.Branch: _branchM |= b; break;
            case InsnKind.Load: _memM |= b; _loadM |= b; break;
            case InsnKind.LoadReserve: _memM |= b; _loadM |= b; _larxM |= b; break;
            case InsnKind.Store: _memM |= b; _storeM |= b; break;
            case InsnKind.StoreConditional: _memM |= b; _storeM |= b; _stcxM |= b; break;
            case InsnKind.Sync: _syncM |= b; break;
            case InsnKind.Lwsync: _lwsyncM |= b; break;
            case InsnKind.Eieio: _eieioM |= b; break;
            case InsnKind.Isync: _isyncM |= b; break;
        }
    }

    /// <summary>Drops every instance from <paramref name="k"/> on (a mispredicted path).</summary>
    private void Truncate(int k)
    {
        ulong keep = Mask(k);
        if ((_committed & ~keep) != 0) throw new InvalidOperationException("discarding a committed instruction");
        _n = k;
        _done &= keep; _committed &= keep; _addrKnown &= keep; _dataKnown &= keep; _satisfied &= keep; _acked &= keep; _resvLost &= keep; _faultM &= keep;
        _branchM &= keep; _memM &= keep; _storeM &= keep; _loadM &= keep; _syncM &= keep; _lwsyncM &= keep;
        _eieioM &= keep; _isyncM &= keep; _larxM &= keep; _stcxM &= keep;
    }

    // ---- eager local steps --------------------------------------------------------------------

    /// <summary>Runs every eager step until nothing changes.</summary>
    public void Settle()
    {
        if (Fault != null) return;
        bool changed;
        do
        {
            changed = RetireFront() | FetchAll();
            for (int i = 0; i < _n; i++)
            {
                ulong b = 1UL << i;
                if ((_committed & b) != 0) continue;
                var info = _info[i];
                switch (info.Kind)
                {
                    case InsnKind.Alu:
                        if ((_done & b) == 0)
                        {
                            if ((_srcMask[i] & ~_done) != 0) continue;
                            if (!Execute(i)) return;
                            _done |= b;
                            changed = true;
                        }
                        if (CanCommitLocal(i)) { _committed |= b; changed = true; }
                        break;
                    case InsnKind.Branch:
                        if ((_done & b) == 0)
                        {
                            if ((_srcMask[i] & ~_done) != 0) continue;
                            if (!Resolve(i)) return;
                            changed = true;
                        }
                        if (CanCommitLocal(i)) { _committed |= b; changed = true; }
                        break;
                    case InsnKind.Load:
                    case InsnKind.LoadReserve:
                        if ((_addrKnown & b) == 0 && (_addrSrcMask[i] & ~_done) == 0)
                        {
                            ComputeAddress(i);
                            changed = true;
                        }
                        if ((_satisfied & b) != 0 && CanCommitAccess(i)) { _committed |= b; changed = true; }
                        break;
                    case InsnKind.Store:
                    case InsnKind.StoreConditional:
                        if ((_addrKnown & b) == 0 && (_addrSrcMask[i] & ~_done) == 0)
                        {
                            ComputeAddress(i);
                            StoreAddressKnown(i);
                            changed = true;
                        }
                        if ((_dataKnown & b) == 0 && (_srcMask[i] & ~_done) == 0)
                        {
                            if (!ComputeStoreData(i)) return;
                            changed = true;
                        }
                        break;
                    case InsnKind.Isync:
                        if ((_branchM & Below(i) & ~_committed) == 0 && (!_inOrder || (Below(i) & ~_committed) == 0))
                        {
                            _committed |= b;
                            _done |= b;
                            changed = true;
                        }
                        break;
                    case InsnKind.Unsupported:
                        // Only a fault once it is on the committed path: a wrong-path fetch may run into data.
                        if ((_branchM & Below(i) & ~_committed) == 0)
                        {
                            Fault = $"0x{info.Pc:x}: {info.UnsupportedReason}";
                            return;
                        }
                        break;
                }
            }
            if (_faultM != 0 && RaiseCommittedFault()) return;
        }
        while (changed);
    }

    /// <summary>A recorded fault becomes the thread's fault once its instruction is no longer speculative.</summary>
    private bool RaiseCommittedFault()
    {
        for (ulong m = _faultM; m != 0; m &= m - 1)
        {
            int i = BitOperations.TrailingZeroCount(m);
            if ((_srcMask[i] & ~_committed) == 0 && (_branchM & Below(i) & ~_committed) == 0)
            {
                Fault = _faultWhy[i];
                return true;
            }
        }
        return false;
    }

    private bool CanCommitLocal(int i)
    {
        ulong below = Below(i);
        if (((_faultM >> i) & 1) != 0) return false;
        if ((_srcMask[i] & ~_committed) != 0) return false;
        if ((_branchM & below & ~_committed) != 0) return false;
        return !_inOrder || (below & ~_committed) == 0;
    }

    /// <summary>Commit conditions shared by loads and stores (po-loc, addr;po, ctrl, dd in herd's cc0).</summary>
    private bool CanCommitAccess(int i)
    {
        ulong below = Below(i);
        if (((_faultM >> i) & 1) != 0) return false;
        if ((_srcMask[i] & ~_committed) != 0) return false;
        if ((_branchM & below & ~_committed) != 0) return false;
        if (_inOrder && (below & ~_committed) != 0) return false;
        ulong mem = _memM & below;
        if ((mem & ~_addrKnown) != 0) return false;
        ulong ea = _ea[i];
        while (mem != 0)
        {
            int j = BitOperations.TrailingZeroCount(mem);
            mem &= mem - 1;
            if ((_addrSrcMask[j] & ~_committed) != 0) return false;
            if (_ea[j] == ea && ((_committed >> j) & 1) == 0) return false;
        }
        return true;
    }

    // ---- execution on the shadow CPU ------------------------------------------------------------

    private ulong Input(int i, int k)
    {
        int j = _src[i][k];
        return j < 0 ? _initRegs[_info[i].InRes[k]] : _out[j * MaxOut + _srcSlot[i][k]];
    }

    /// <summary>Runs the instance's handler on the shadow CPU with its inputs; stores its outputs.</summary>
    private bool Run(int i)
    {
        var info = _info[i];
        var c = _m.Shadow;
        var ins = info.InRes;
        for (int k = 0; k < ins.Length; k++) SetResource(c, ins[k], Input(i, k));
        c.Pc = info.Pc;
        c.Nia = info.Pc + 4;
        Dispatch.Execute(c, info.Op, info.Word);
        var outs = info.OutRes;
        int baseIdx = i * MaxOut;
        if (c.Pending != Interrupt.None)
        {
            // Possibly speculative (a wrong path, a value that will be restarted): remember it,
            // and make it a fault of the thread only when the instruction would commit.
            _faultM |= 1UL << i;
            _faultWhy[i] = $"0x{info.Pc:x}: {info} raised {c.Pending}";
            c.ClearPending();
            for (int s = 0; s < outs.Length; s++) _out[baseIdx + s] = 0;
            return true;
        }
        for (int s = 0; s < outs.Length; s++) _out[baseIdx + s] = GetResource(c, outs[s]);
        return true;
    }

    private bool Execute(int i) => Run(i);

    private bool Resolve(int i)
    {
        if (!Run(i)) return false;
        ulong target = _m.Shadow.Nia;
        _done |= 1UL << i;
        if (_next[i] == NoPc) _next[i] = target;
        else if (_next[i] != target)
        {
            Truncate(i + 1);
            _next[i] = target;
        }
        return true;
    }

    private void ComputeAddress(int i)
    {
        var info = _info[i];
        ulong ea = (ulong)info.EaDisp;
        var ins = info.InRes;
        for (int k = 0; k < ins.Length; k++)
            if (ins[k] == info.EaBase || ins[k] == info.EaIndex) ea += Input(i, k);
        // The same register as base and index (lwzx r3,r4,r4) counts twice.
        if (info.EaBase >= 0 && info.EaBase == info.EaIndex) ea += Input(i, Array.IndexOf(ins, info.EaBase));
        _ea[i] = ea;
        _loc[i] = _m.Locations.Intern(ea);
        _addrKnown |= 1UL << i;
    }

    private bool ComputeStoreData(int i)
    {
        var port = _m.Port;
        port.Stored = false;
        port.StoreConditionalSucceeds = false;
        if (!Run(i)) return false;
        if (!port.Stored && ((_faultM >> i) & 1) == 0)
        {
            Fault = $"0x{_info[i].Pc:x}: {_info[i]} did not store";
            return false;
        }
        _data[i] = port.StoredValue;
        _dataKnown |= 1UL << i;
        // A store conditional's outputs (CR0) exist only once it has committed.
        if (_info[i].Kind == InsnKind.Store) _done |= 1UL << i;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetResource(Cpu c, int r, ulong v)
    {
        if (r < Resource.Cr0) { c.Gpr[r] = v; return; }
        if (r < Resource.Xer)
        {
            int sh = (7 - (r - Resource.Cr0)) * 4;
            c.Cr = (c.Cr & ~(0xFu << sh)) | (((uint)v & 0xF) << sh);
            return;
        }
        switch (r)
        {
            case Resource.Xer: c.Xer = v; break;
            case Resource.Lr: c.Lr = v; break;
            case Resource.Ctr: c.Ctr = v; break;
            case Resource.Fpscr: c.Fpscr = v; break;
            case Resource.Vscr: c.Vscr = (uint)v; break;
            case Resource.Tar: c.Tar = v; break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong GetResource(Cpu c, int r)
    {
        if (r < Resource.Cr0) return c.Gpr[r];
        if (r < Resource.Xer) return (c.Cr >> ((7 - (r - Resource.Cr0)) * 4)) & 0xF;
        return r switch
        {
            Resource.Xer => c.Xer,
            Resource.Lr => c.Lr,
            Resource.Ctr => c.Ctr,
            Resource.Fpscr => c.Fpscr,
            Resource.Vscr => c.Vscr,
            Resource.Tar => c.Tar,
            _ => 0,
        };
    }

    // ---- restarts ---------------------------------------------------------------------------------

    /// <summary>
    /// Restarts instance <paramref name="i"/> and, transitively, everything that used a value it
    /// produced (register sources, loads forwarded from a restarted store).
    /// </summary>
    private void Restart(int i)
    {
        ulong r = 0;
        for (int k = i; k < _n; k++)
        {
            ulong b = 1UL << k;
            bool hit = k == i || (_srcMask[k] & r) != 0 || (_fwd[k] >= 0 && ((r >> _fwd[k]) & 1) != 0);
            if (!hit) continue;
            if ((_committed & b) != 0) throw new InvalidOperationException($"P{_tid}: restarting committed instruction {k} ({_info[k]})");
            r |= b;
            _m.Restarts++;
            _faultM &= ~b;
            _done &= ~b;
            _satisfied &= ~b;
            _fwd[k] = -1;
            if ((_addrSrcMask[k] & r) != 0) _addrKnown &= ~b;
            if ((_srcMask[k] & r) != 0) _dataKnown &= ~b;
        }
    }

    /// <summary>
    /// A store's address became known: later loads of that address that did not take their
    /// value from this store or a later one should have, so they restart (detour, CoWR).
    /// </summary>
    private void StoreAddressKnown(int j)
    {
        ulong later = _loadM & _satisfied & ~Mask(j + 1);
        ulong ea = _ea[j];
        while (later != 0)
        {
            int k = BitOperations.TrailingZeroCount(later);
            later &= later - 1;
            if (_ea[k] != ea) continue;
            if (_fwd[k] > j) continue;
            if (((_satisfied >> k) & 1) == 0) continue; // restarted by an earlier iteration
            Restart(k);
        }
    }

    // ---- scheduled transitions ------------------------------------------------------------------

    public void Enumerate(List<Transition> list, bool exhaustive)
    {
        if (Fault != null) return;
        ulong pending = Mask(_n) & ~_committed;
        while (pending != 0)
        {
            int i = BitOperations.TrailingZeroCount(pending);
            pending &= pending - 1;
            ulong b = 1UL << i;
            switch (_info[i].Kind)
            {
                case InsnKind.Load:
                case InsnKind.LoadReserve:
                    if ((_satisfied & b) == 0 && (_addrKnown & b) != 0 && FindSource(i, out _)) list.Add(new Transition(TransitionKind.SatisfyLoad, _tid, i));
                    break;
                case InsnKind.Store:
                    if ((_addrKnown & _dataKnown & b) != 0 && CanCommitStore(i)) list.Add(new Transition(TransitionKind.CommitStore, _tid, i));
                    break;
                case InsnKind.StoreConditional:
                    if ((_addrKnown & _dataKnown & b) != 0 && CanCommitStore(i))
                    {
                        if (!exhaustive) list.Add(new Transition(TransitionKind.CommitStore, _tid, i));
                        else
                        {
                            if (ReservationHolds(i, out _)) list.Add(new Transition(TransitionKind.CommitStore, _tid, i, 0, 1));
                            list.Add(new Transition(TransitionKind.CommitStore, _tid, i, 0, 2));
                        }
                    }
                    break;
                case InsnKind.Sync:
                case InsnKind.Lwsync:
                case InsnKind.Eieio:
                    if (CanCommitBarrier(i)) list.Add(new Transition(TransitionKind.CommitBarrier, _tid, i));
                    break;
                case InsnKind.Branch:
                    if (i == _n - 1 && _next[i] == NoPc && !_inOrder && _info[i].TakenTarget != NoPc)
                    {
                        list.Add(new Transition(TransitionKind.FetchTaken, _tid, i));
                        list.Add(new Transition(TransitionKind.FetchNotTaken, _tid, i));
                    }
                    break;
            }
        }
    }

    private void RefreshAcks()
    {
        ulong waiting = _syncM & _committed & ~_acked;
        while (waiting != 0)
        {
            int j = BitOperations.TrailingZeroCount(waiting);
            waiting &= waiting - 1;
            if (_event[j] < 0 || _m.Storage.IsAcknowledged(_event[j])) _acked |= 1UL << j;
        }
    }

    /// <summary>Barrier conditions for satisfying a load or committing a store.</summary>
    private bool BarriersAllow(int i, bool store)
    {
        ulong below = Below(i);
        if ((_isyncM & below & ~_committed) != 0) return false;
        if ((_lwsyncM & below & ~_committed) != 0) return false;
        if (store && ((_eieioM | _syncM) & below & ~_committed) != 0) return false;
        ulong syncs = _syncM & below;
        if ((syncs & ~_committed) != 0) return false;
        if ((syncs & ~_acked) != 0)
        {
            RefreshAcks();
            if ((syncs & ~_acked) != 0) return false;
        }
        return !_inOrder || (below & ~_committed) == 0;
    }

    /// <summary>
    /// Where a load would take its value from now: <paramref name="from"/> is the store it
    /// forwards from, or -1 for storage. False when it must wait.
    /// </summary>
    private bool FindSource(int i, out int from)
    {
        from = -1;
        if (!BarriersAllow(i, store: false)) return false;
        ulong stores = _storeM & Below(i) & _addrKnown;
        ulong ea = _ea[i];
        while (stores != 0)
        {
            int j = 63 - BitOperations.LeadingZeroCount(stores);
            stores &= ~(1UL << j);
            if (_ea[j] != ea) continue;
            ulong b = 1UL << j;
            if ((_committed & b) != 0)
            {
                if ((_stcxM & b) != 0 && _event[j] < 0) continue; // a failed store conditional wrote nothing
                return true;
            }
            if ((_stcxM & b) != 0) return false; // outcome not decided yet
            if ((_dataKnown & b) == 0) return false;
            from = j;
            return true;
        }
        return true;
    }

    private bool CanCommitStore(int i)
    {
        if (!BarriersAllow(i, store: true)) return false;
        // TSO: a store conditional is a locked operation on memory: the store buffer drains first.
        if (_m.Model == MemoryModel.Tso && ((_stcxM >> i) & 1) != 0 && _m.Storage.OldestBuffered(_tid) >= 0) return false;
        return CanCommitAccess(i);
    }

    private bool CanCommitBarrier(int i)
    {
        ulong below = Below(i);
        if (((_branchM | _syncM | _lwsyncM | _eieioM | _isyncM) & below & ~_committed) != 0) return false;
        ulong need = _info[i].Kind == InsnKind.Eieio ? _storeM : _memM;
        if ((need & below & ~_committed) != 0) return false;
        if (_inOrder && (below & ~_committed) != 0) return false;
        // TSO: sync drains the store buffer.
        if (_m.Model == MemoryModel.Tso && _info[i].Kind == InsnKind.Sync && _m.Storage.OldestBuffered(_tid) >= 0) return false;
        return true;
    }

    /// <summary>
    /// A store conditional can succeed when the latest earlier larx/stcx is a load-reserve of the
    /// same address and the write it read is still the latest this thread has seen (no other
    /// write to the granule came in between); the reservation is never lost for any other reason.
    /// </summary>
    private bool ReservationHolds(int i, out int source)
    {
        source = StorageSubsystem.InitialWrite;
        ulong rsv = (_larxM | _stcxM) & Below(i);
        if (rsv == 0) return false;
        int j = 63 - BitOperations.LeadingZeroCount(rsv);
        if (((_larxM >> j) & 1) == 0 || ((_committed >> j) & 1) == 0 || _ea[j] != _ea[i] || ((_resvLost >> j) & 1) != 0) return false;
        source = _fwd[j] >= 0 ? _event[_fwd[j]] : _srcWrite[j];
        return _m.Storage.CanStoreConditional(_tid, _loc[i], source);
    }

    public void Apply(in Transition t, PpcSim.Core.Random.Xoshiro256StarStar? spurious)
    {
        int i = t.Index;
        ulong b = 1UL << i;
        var storage = _m.Storage;
        switch (t.Kind)
        {
            case TransitionKind.SatisfyLoad:
            {
                if (!FindSource(i, out int from)) throw new InvalidOperationException("load not satisfiable");
                ulong value;
                if (from >= 0)
                {
                    value = _data[from];
                    _fwd[i] = from;
                }
                else
                {
                    value = storage.Read(_tid, _loc[i], out int w);
                    _fwd[i] = -1;
                    _srcWrite[i] = w;
                }
                _loaded[i] = value;
                _resvLost &= ~b;
                _m.Port.LoadValue = value;
                if (!Run(i)) return;
                _satisfied |= b;
                _done |= b;
                CheckLaterLoads(i);
                break;
            }
            case TransitionKind.CommitStore:
                if (_info[i].Kind == InsnKind.Store)
                {
                    _event[i] = storage.AcceptWrite(_tid, _loc[i], _data[i], Tag(i));
                }
                else
                {
                    bool can = ReservationHolds(i, out int source);
                    bool succeed = t.Variant switch
                    {
                        1 => can,
                        2 => false,
                        // The architecture allows a store conditional to fail for no visible reason; rarely, and seeded.
                        _ => can && !(spurious?.OneIn(SpuriousFailureOdds) ?? false),
                    };
                    _event[i] = succeed ? storage.AcceptAtomicWrite(_tid, _loc[i], _data[i], source, Tag(i)) : -1;
                    if (succeed && _m.Model == MemoryModel.Tso) storage.PropagateToAll(_event[i]);
                    _m.Port.StoreConditionalSucceeds = succeed;
                    if (!Run(i)) return;
                    _done |= b;
                }
                _committed |= b;
                break;
            case TransitionKind.CommitBarrier:
                if (_m.Model == MemoryModel.Power)
                {
                    var kind = _info[i].Kind switch
                    {
                        InsnKind.Sync => StorageEventKind.Sync,
                        InsnKind.Lwsync => StorageEventKind.Lwsync,
                        _ => StorageEventKind.Eieio,
                    };
                    _event[i] = storage.AcceptBarrier(_tid, kind, Tag(i));
                }
                else
                {
                    _event[i] = -1;
                    _acked |= b;
                }
                _committed |= b;
                _done |= b;
                break;
            case TransitionKind.FetchTaken:
                _next[i] = _info[i].TakenTarget;
                break;
            case TransitionKind.FetchNotTaken:
                _next[i] = _info[i].Pc + 4;
                break;
            default:
                throw new ArgumentException($"not a thread transition: {t}");
        }
        Settle();
    }

    /// <summary>Odds (1 in N) that a store conditional that could succeed fails spuriously in a random run.</summary>
    public const int SpuriousFailureOdds = 64;

    /// <summary>Canonical name of the storage event an instance creates (thread, window slot).</summary>
    private int Tag(int i) => ((_retired + i) << 6) | _tid;

    /// <summary>
    /// Load <paramref name="i"/> was just satisfied: later loads of the same address that read
    /// a different write, other than from a store between the two, break coherence (CoRR) and
    /// restart.
    /// </summary>
    private void CheckLaterLoads(int i)
    {
        ulong later = _loadM & _satisfied & ~Mask(i + 1);
        ulong ea = _ea[i];
        int key = SourceKey(i);
        while (later != 0)
        {
            int k = BitOperations.TrailingZeroCount(later);
            later &= later - 1;
            if (((_satisfied >> k) & 1) == 0 || _ea[k] != ea) continue;
            if (_fwd[k] > i) continue;
            if (SourceKey(k) == key) continue;
            Restart(k);
        }
    }

    /// <summary>Identity of the write a satisfied load read: a storage event, the initial value (-1), or an uncommitted store (-1000-slot).</summary>
    private int SourceKey(int k)
    {
        int f = _fwd[k];
        if (f < 0) return _srcWrite[k];
        return ((_committed >> f) & 1) != 0 ? _event[f] : -1000 - f;
    }

    // ---- results and state identity --------------------------------------------------------------

    /// <summary>
    /// Another thread's write <paramref name="w"/> just reached this thread. A write to the same
    /// reservation granule (128 bytes) at a different address cancels the reservations of the
    /// load-reserves already satisfied (one to the same address is handled by coherence).
    /// </summary>
    public void ForeignWrite(int w)
    {
        ulong held = _larxM & _satisfied;
        if (held == 0) return;
        int loc = _m.Storage.LocationOf(w);
        ulong granule = _m.Locations.AddressOf(loc) >> 7;
        for (; held != 0; held &= held - 1)
        {
            int j = BitOperations.TrailingZeroCount(held);
            if (_loc[j] != loc && (_ea[j] >> 7) == granule) _resvLost |= 1UL << j;
        }
    }

    /// <summary>Storage events this thread may still look at: sources of satisfied uncommitted loads and of load-reserves in flight, syncs not yet seen acknowledged.</summary>
    public ulong ReferencedEvents()
    {
        ulong r = 0;
        for (ulong m = _loadM & _satisfied & (~_committed | _larxM); m != 0; m &= m - 1)
        {
            int k = BitOperations.TrailingZeroCount(m);
            int e = _fwd[k] >= 0 ? (((_committed >> _fwd[k]) & 1) != 0 ? _event[_fwd[k]] : -1) : _srcWrite[k];
            if (e >= 0) r |= 1UL << e;
        }
        for (ulong m = _syncM & _committed & ~_acked; m != 0; m &= m - 1)
        {
            int k = BitOperations.TrailingZeroCount(m);
            if (_event[k] >= 0) r |= 1UL << _event[k];
        }
        return r;
    }

    /// <summary>
    /// Storage forgot <paramref name="retired"/>: references to a write that became a location's
    /// initial value (<paramref name="folded"/>) now name the initial value; others a retired
    /// marker that equals nothing live.
    /// </summary>
    public void ForgetEvents(ulong retired, ulong folded)
    {
        int Map(int e) => e < 0 || ((retired >> e) & 1) == 0 ? e : ((folded >> e) & 1) != 0 ? StorageSubsystem.InitialWrite : RetiredEvent;
        for (int k = 0; k < _n; k++)
        {
            _srcWrite[k] = Map(_srcWrite[k]);
            _event[k] = Map(_event[k]);
        }
    }

    /// <summary>A storage event that has been retired and was not a location's latest write.</summary>
    public const int RetiredEvent = -4;

    /// <summary>The architected value of a register resource after the run (last committed writer).</summary>
    public ulong FinalRegister(int r)
    {
        for (int j = _n - 1; j >= 0; j--)
        {
            var outs = _info[j].OutRes;
            for (int s = 0; s < outs.Length; s++)
                if (outs[s] == r) return _out[j * MaxOut + s];
        }
        return _initRegs[r];
    }

    /// <summary>The architected register file after the run: initial values overwritten by every committed instance in program order.</summary>
    public void FinalRegisters(Span<ulong> regs)
    {
        _initRegs.CopyTo(regs);
        for (int j = 0; j < _n; j++)
        {
            if (((_committed >> j) & 1) == 0) continue;
            var outs = _info[j].OutRes;
            for (int s = 0; s < outs.Length; s++) regs[outs[s]] = _out[j * MaxOut + s];
        }
    }

    public void Serialize(StateWriter w)
    {
        var storage = _m.Storage;
        w.Add(_n);
        w.Add(_retired);
        if (_retired > 0)
        {
            w.Add(_basePc);
            foreach (ulong r in _initRegs) w.Add(r);
        }
        w.Add(_done); w.Add(_committed); w.Add(_addrKnown); w.Add(_dataKnown); w.Add(_satisfied); w.Add(_acked); w.Add(_resvLost); w.Add(_faultM);
        w.Add(Fault != null);
        for (int i = 0; i < _n; i++)
        {
            ulong b = 1UL << i;
            var info = _info[i];
            w.Add(info.Pc);
            w.Add(_next[i]);
            if ((_addrKnown & b) != 0) w.Add(_ea[i]);
            if ((_dataKnown & b) != 0) w.Add(_data[i]);
            if ((_satisfied & b) != 0)
            {
                w.Add(_loaded[i]);
                w.Add(_fwd[i]);
                if (_fwd[i] < 0) w.Add(_srcWrite[i] < 0 ? _srcWrite[i] : storage.TagOf(_srcWrite[i]));
            }
            if ((_committed & b) != 0 && _event[i] >= 0) w.Add(storage.TagOf(_event[i]));
            if ((_done & b) != 0)
            {
                int n = info.OutRes.Length;
                for (int s = 0; s < n; s++) w.Add(_out[i * MaxOut + s]);
            }
        }
    }

    public string Describe()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append($"P{_tid}: {_n} in flight{(Fault != null ? ", fault: " + Fault : "")}");
        for (int i = 0; i < _n; i++)
        {
            ulong b = 1UL << i;
            string flags = ((_committed & b) != 0 ? "C" : "-") + ((_done & b) != 0 ? "D" : "-") + ((_addrKnown & b) != 0 ? "A" : "-")
                + ((_dataKnown & b) != 0 ? "V" : "-") + ((_satisfied & b) != 0 ? "S" : "-");
            sb.Append($"\n  #{i} {flags} {_info[i]}");
            if ((_addrKnown & b) != 0) sb.Append($" ea=0x{_ea[i]:x}");
            if ((_satisfied & b) != 0) sb.Append($" read {_loaded[i]} from {(_fwd[i] >= 0 ? $"#{_fwd[i]}" : $"e{_srcWrite[i]}")}");
            if ((_committed & b) != 0 && _event[i] >= 0) sb.Append($" -> e{_event[i]}");
        }
        return sb.ToString();
    }

    public void CopyFrom(ThreadEngine o)
    {
        int n = o._n;
        _n = n;
        _retired = o._retired;
        _basePc = o._basePc;
        Array.Copy(o._initRegs, _initRegs, Resource.Count);
        Array.Copy(o._info, _info, n);
        Array.Copy(o._next, _next, n);
        for (int i = 0; i < n; i++)
        {
            Array.Copy(o._src[i], _src[i], 8);
            Array.Copy(o._srcSlot[i], _srcSlot[i], 8);
        }
        Array.Copy(o._srcMask, _srcMask, n);
        Array.Copy(o._addrSrcMask, _addrSrcMask, n);
        Array.Copy(o._ea, _ea, n);
        Array.Copy(o._loc, _loc, n);
        Array.Copy(o._data, _data, n);
        Array.Copy(o._loaded, _loaded, n);
        Array.Copy(o._fwd, _fwd, n);
        Array.Copy(o._srcWrite, _srcWrite, n);
        Array.Copy(o._event, _event, n);
        Array.Copy(o._out, _out, n * MaxOut);
        _done = o._done; _committed = o._committed; _addrKnown = o._addrKnown; _dataKnown = o._dataKnown;
        _satisfied = o._satisfied; _acked = o._acked; _resvLost = o._resvLost; _faultM = o._faultM;
        Array.Copy(o._faultWhy, _faultWhy, n);
        _branchM = o._branchM; _memM = o._memM; _storeM = o._storeM; _loadM = o._loadM; _syncM = o._syncM;
        _lwsyncM = o._lwsyncM; _eieioM = o._eieioM; _isyncM = o._isyncM; _larxM = o._larxM; _stcxM = o._stcxM;
        Fault = o.Fault;
    }
}
