using System.Runtime.CompilerServices;
using PpcSim.Isa;

namespace PpcSim.Core;

/// <summary>
/// Debugger support inside the simulator, with no code patching: a breakpoint replaces the
/// decode-cache handler of its address with a trap (so an unbroken run pays nothing), and a
/// watched page is kept out of the fast-path TLB so its loads and stores reach the watch check.
/// Both stop the thread before the instruction completes, with <see cref="Interrupt.DebugStop"/>
/// pending and <see cref="Pc"/> on the instruction: the instruction has not retired and wrote nothing
/// (what POWER's DAWR/CIABR do, and what gdb expects of PowerPC's "non-steppable" watchpoints).
/// </summary>
public sealed unsafe partial class Cpu
{
    private DebugHooks? _debug;

    /// <summary>Why the pending <see cref="Interrupt.DebugStop"/> was raised.</summary>
    public DebugStopKind DebugStopKind { get; private set; }
    /// <summary>The breakpoint address, or the watched data address that was accessed.</summary>
    public ulong DebugStopAddress { get; private set; }
    /// <summary>For a watchpoint stop: the kind of the watchpoint that caught the access.</summary>
    public WatchKind DebugStopWatchKind { get; private set; }

    private DebugHooks Debug => _debug ??= new DebugHooks();

    /// <summary>When false, breakpoints and watchpoints stay set but never stop the thread (replay).</summary>
    public bool DebugTrapsEnabled
    {
        get => _debug?.Enabled ?? true;
        set => Debug.Enabled = value;
    }

    public bool HasBreakpoint(ulong pc) => _debug != null && _debug.Breakpoints.Contains(pc);

    public void SetBreakpoint(ulong pc)
    {
        if (Debug.Breakpoints.Add(pc)) InvalidateCodePage(pc);
    }

    public void ClearBreakpoint(ulong pc)
    {
        if (_debug != null && _debug.Breakpoints.Remove(pc)) InvalidateCodePage(pc);
    }

    public void SetWatchpoint(ulong ea, ulong length, WatchKind kind)
    {
        Debug.Watches.Add((ea, length, kind));
        _debug!.RebuildWatchedPages();
        FlushTlb();
    }

    /// <summary>Removes one watchpoint equal to (ea, length, kind); false if there is none.</summary>
    public bool ClearWatchpoint(ulong ea, ulong length, WatchKind kind)
    {
        if (_debug == null || !_debug.Watches.Remove((ea, length, kind))) return false;
        _debug.RebuildWatchedPages();
        return true;
    }

    /// <summary>The instruction at the current Pc and instruction count executes without a debug stop.</summary>
    public void SuppressDebugStopOnce()
    {
        Debug.SkipPc = Pc;
        _debug!.SkipCount = Instructions;
    }

    private bool DebugSuppressed => !_debug!.Enabled || (_debug.SkipPc == Pc && _debug.SkipCount == Instructions);

    /// <summary>
    /// Called by every data access that may touch a watched page (the slow path, larx/stcx):
    /// true if a watchpoint caught it, with <see cref="Interrupt.DebugStop"/> raised.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool DebugWatchHit(ulong ea, int size, bool store) => _debug != null && _debug.Watches.Count != 0 && WatchHitSlow(ea, size, store);

    private bool WatchHitSlow(ulong ea, int size, bool store)
    {
        if (DebugSuppressed) return false;
        foreach (var (start, length, kind) in _debug!.Watches)
        {
            bool wants = kind == WatchKind.Access || (store ? kind == WatchKind.Write : kind == WatchKind.Read);
            if (!wants || ea + (ulong)size <= start || ea >= start + Math.Max(length, 1)) continue;
            DebugStopKind = DebugStopKind.Watchpoint;
            DebugStopAddress = Math.Max(ea, start);
            DebugStopWatchKind = kind;
            Raise(Interrupt.DebugStop);
            return true;
        }
        return false;
    }

    /// <summary>The decode-cache handler of an address with a breakpoint.</summary>
    private static void BreakpointTrap(Cpu c, uint w)
    {
        if (c.DebugSuppressed)
        {
            Dispatch.Handlers[(int)Decoder.Instance.Decode(w)](c, w);
            return;
        }
        c.DebugStopKind = DebugStopKind.Breakpoint;
        c.DebugStopAddress = c.Pc;
        c.Raise(Interrupt.DebugStop);
    }
}
