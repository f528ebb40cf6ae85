using PpcSim.Isa;

namespace PpcSim.Core;

/// <summary>
/// Observation without cost when off: an observer marks, at decode time, the instructions it
/// wants to see (function entries for symbol probes, rfid for returns, register writers for
/// provenance); those get <see cref="ObservedInsn"/> as their decode-cache handler, everything
/// else keeps its own handler. A debugger breakpoint on the same address wins.
/// </summary>
public sealed unsafe partial class Cpu
{
    private ICpuObserver? _observer;

    /// <summary>The recorder watching this thread, or null. Setting it drops decoded code so the next decode applies it.</summary>
    public ICpuObserver? Observer
    {
        get => _observer;
        set
        {
            _observer = value;
            FlushDecodeCache();
        }
    }

    /// <summary>The handler a decoded instruction gets when the observer wants it.</summary>
    private void ApplyObserver(ref DecodedInsn e, ulong pc)
    {
        if (_observer != null && _observer.Wants(pc, e.Op)) e.Handler = &ObservedInsn;
    }

    private static void ObservedInsn(Cpu c, uint w)
    {
        // The decode cache keeps only the wrapper; decoding again is the price of being observed.
        Op op = Decoder.Instance.Decode(w);
        var obs = c._observer;
        if (obs == null)
        {
            Dispatch.Handlers[(int)op](c, w);
            return;
        }
        obs.Before(c, w, op);
        Dispatch.Handlers[(int)op](c, w);
        if (c.Pending == Interrupt.None) obs.After(c, w, op);
    }
}
