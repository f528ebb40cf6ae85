using PpcSim.Core;
using PpcSim.Memory.Mmu;
using PpcSim.Platform.Recording;

namespace PpcSim.Platform;

/// <summary>The machine's side of <see cref="SystemRecorder"/>: attaching it, and the checks the ports make.</summary>
public sealed partial class SystemMachine
{
    /// <summary>The recorder attached with <see cref="Attach"/>, or null (then nothing is recorded and nothing is paid).</summary>
    public SystemRecorder? Recorder { get; private set; }

    /// <summary>Starts recording this machine (before <see cref="Run"/>; symbols and watches added to the recorder first).</summary>
    public void Attach(SystemRecorder recorder)
    {
        if (Recorder != null) throw new InvalidOperationException("a recorder is already attached");
        Recorder = recorder;
        recorder.Attach(this);
    }

    /// <summary>Index of a thread in <see cref="Cpus"/>.</summary>
    public int CoreIndex(Cpu c) => _index[c];

    /// <summary>Writes to watched pages must reach the port (and so the recorder), never the host-page fast path.</summary>
    internal bool IsWatchedPage(ulong pa) => Recorder != null && Recorder.IsWatchedPage(pa);

    /// <summary>
    /// The real address thread <paramref name="core"/> reads at <paramref name="ea"/> under
    /// <paramref name="msr"/>, for the recorder (an address the thread has just read, so the walk
    /// finds its reference bit already set and changes nothing).
    /// </summary>
    internal bool TryTranslateRead(int core, ulong msr, ulong ea, out ulong pa)
    {
        var c = _cpus[core];
        var ctx = new TranslationContext((msr & Msr.DR) != 0, (msr & Msr.PR) != 0, (msr & Msr.HV) != 0, c.Ptcr, c.Lpidr, c.Pidr);
        var t = _mmus[core].Translate(ea, AccessKind.Read, ctx);
        pa = t.RealAddress;
        return t.Ok;
    }
}
