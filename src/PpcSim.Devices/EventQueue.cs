namespace PpcSim.Devices;

/// <summary>
/// Device events ordered by (cycle, sequence): the sequence number breaks ties in insertion
/// order, so the same run always fires events in the same order (no hash or heap instability).
/// </summary>
public sealed class EventQueue
{
    private readonly PriorityQueue<Action, (ulong Cycle, ulong Seq)> _queue = new();
    private ulong _seq;

    public int Count => _queue.Count;

    public void Schedule(ulong cycle, Action action) => _queue.Enqueue(action, (cycle, _seq++));

    /// <summary>The cycle of the next event, or ulong.MaxValue if none.</summary>
    public ulong NextCycle => _queue.TryPeek(out _, out var p) ? p.Cycle : ulong.MaxValue;

    /// <summary>Runs every event due at or before <paramref name="cycle"/>, in order.</summary>
    public int RunDue(ulong cycle)
    {
        int n = 0;
        while (_queue.TryPeek(out var action, out var p) && p.Cycle <= cycle)
        {
            _queue.Dequeue();
            action();
            n++;
        }
        return n;
    }
}
