using System.Numerics;

namespace PpcSim.Isa;

/// <summary>
/// Decode tree built from the table (decodetree's approach): each node indexes on the longest
/// run of bits that every remaining pattern fixes; leaves check the few patterns left, most
/// specific first. Built once; decoding allocates nothing.
/// </summary>
public sealed class Decoder
{
    private const int MaxIndexBits = 11;
    private readonly Node _root;

    private Decoder(IEnumerable<InsnSpec> specs)
    {
        _root = Build(specs.Where(s => s.Op != Op.Invalid).ToList(), 0u);
    }

    public static Decoder Instance { get; } = new(IsaTable.Specs);

    public Op Decode(uint word)
    {
        Node n = _root;
        while (n.Children is { } children)
            n = children[(word >> n.Shift) & n.IndexMask];
        foreach (var s in n.Candidates!)
        {
            if ((word & s.Mask) != s.Match) continue;
            // flags=invalid entries are reserved patterns that objdump (and QEMU) reject.
            if (s.IsInvalidEntry) return Op.Invalid;
            if (s.HasInvalidForms && s.IsInvalidForm(word)) continue;
            return s.Op;
        }
        return Op.Invalid;
    }

    private static Node Build(List<InsnSpec> specs, uint done)
    {
        if (specs.Count <= 1) return Leaf(specs);
        uint common = ~done;
        foreach (var s in specs) common &= s.Mask;
        if (common == 0) return Leaf(specs);
        // Longest contiguous run of common bits, at most MaxIndexBits wide.
        int bestShift = 0, bestLen = 0;
        for (int shift = 0; shift < 32;)
        {
            if ((common >> shift & 1) == 0) { shift++; continue; }
            int len = 0;
            while (shift + len < 32 && (common >> (shift + len) & 1) != 0) len++;
            if (len > bestLen) { bestLen = len; bestShift = shift; }
            shift += len;
        }
        int width = Math.Min(bestLen, MaxIndexBits);
        int sh = bestShift + bestLen - width; // keep the most significant part of the run
        uint idxMask = (1u << width) - 1;
        uint fieldMask = idxMask << sh;
        var children = new Node[1 << width];
        var buckets = specs.GroupBy(s => (s.Match >> sh) & idxMask).ToDictionary(g => g.Key, g => g.ToList());
        var empty = Leaf([]);
        for (uint i = 0; i < children.Length; i++)
            children[i] = buckets.TryGetValue(i, out var list) ? Build(list, done | fieldMask) : empty;
        return new Node { Shift = sh, IndexMask = idxMask, Children = children };
    }

    private static Node Leaf(List<InsnSpec> specs) =>
        new() { Candidates = specs.OrderByDescending(s => BitOperations.PopCount(s.Mask)).ToArray() };

    private sealed class Node
    {
        public int Shift;
        public uint IndexMask;
        public Node[]? Children;
        public InsnSpec[]? Candidates;
    }
}
