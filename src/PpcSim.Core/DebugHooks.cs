namespace PpcSim.Core;

/// <summary>
/// A debugger's breakpoints and watchpoints on one thread. Kept out of the architected state
/// (a reference-type field, so <see cref="Cpu.SaveState"/> does not capture it): restoring a
/// snapshot must not drop the breakpoints the debugger has set.
/// </summary>
internal sealed class DebugHooks
{
    public readonly HashSet<ulong> Breakpoints = [];
    public readonly List<(ulong Start, ulong Length, WatchKind Kind)> Watches = [];
    public readonly HashSet<ulong> WatchedPages = [];
    /// <summary>Debug stops at (SkipPc, SkipCount) are suppressed: resuming from a stop must first execute that instruction.</summary>
    public ulong SkipPc = ulong.MaxValue;
    public ulong SkipCount;
    public bool Enabled = true;

    public void RebuildWatchedPages()
    {
        WatchedPages.Clear();
        foreach (var (start, length, _) in Watches)
            for (ulong p = start >> 12; p <= (start + Math.Max(length, 1) - 1) >> 12; p++) WatchedPages.Add(p);
    }
}
