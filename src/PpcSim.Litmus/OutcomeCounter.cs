namespace PpcSim.Litmus;

/// <summary>Counts final outcomes (the observed values of a run) without formatting them per run.</summary>
internal sealed class OutcomeCounter(int width)
{
    private readonly Dictionary<ulong, List<Entry>> _byHash = [];

    private sealed class Entry(ulong[] values)
    {
        public readonly ulong[] Values = values;
        public long Count;
    }

    /// <summary>Order-independent fold of the runs' end-state hashes.</summary>
    public ulong StateHash;

    public int Width => width;

    public void Add(ReadOnlySpan<ulong> values, long n)
    {
        ulong h = 0xCBF2_9CE4_8422_2325UL;
        foreach (var v in values) h = Memory.Weak.StateWriter.Mix(h ^ v);
        if (!_byHash.TryGetValue(h, out var list)) _byHash[h] = list = [];
        foreach (var e in list)
        {
            if (values.SequenceEqual(e.Values))
            {
                e.Count += n;
                return;
            }
        }
        list.Add(new Entry(values.ToArray()) { Count = n });
    }

    public void Merge(OutcomeCounter other)
    {
        foreach (var (values, count) in other.Entries) Add(values, count);
        StateHash += other.StateHash;
    }

    public IEnumerable<(ulong[] Values, long Count)> Entries => _byHash.Values.SelectMany(l => l).Select(e => (e.Values, e.Count));
}
