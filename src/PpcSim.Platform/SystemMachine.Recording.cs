using PpcSim.Core;
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
}
