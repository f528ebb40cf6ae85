namespace PpcSim.Linux;

/// <summary>
/// A pipe inside the simulation (pipe2): an unbounded byte queue between guest processes, so
/// a reader that must wait blocks its process in the scheduler instead of blocking the host.
/// Each end counts its open file descriptions; EOF and EPIPE follow from those counts.
/// </summary>
internal sealed class GuestPipe
{
    private readonly Queue<byte> _bytes = new();

    public bool ReaderOpen { get; set; } = true;
    public bool WriterOpen { get; set; } = true;
    public int Available => _bytes.Count;

    public int Read(Span<byte> dest)
    {
        int n = Math.Min(dest.Length, _bytes.Count);
        for (int i = 0; i < n; i++) dest[i] = _bytes.Dequeue();
        return n;
    }

    public void Write(ReadOnlySpan<byte> src)
    {
        foreach (var b in src) _bytes.Enqueue(b);
    }
}
