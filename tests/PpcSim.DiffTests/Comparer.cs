using System.Text;

namespace PpcSim.DiffTests;

/// <summary>Bit-for-bit comparison of two final states outside the undefined mask.</summary>
public static class Comparer
{
    public sealed record Diff(int Slot, ulong Expected, ulong Actual, ulong Bits)
    {
        public override string ToString() =>
            $"{ArchState.SlotName(Slot),-14} qemu {ArchState.Hex(Expected)}  ppcsim {ArchState.Hex(Actual)}  (bits {ArchState.Hex(Bits)})";
    }

    public static List<Diff> Compare(ArchState expected, ArchState actual, ArchState mask)
    {
        var list = new List<Diff>();
        for (int i = 0; i < ArchState.Count; i++)
        {
            ulong bits = (expected[i] ^ actual[i]) & ~mask[i];
            if (bits != 0) list.Add(new Diff(i, expected[i], actual[i], bits));
        }
        return list;
    }

    public static string Format(IEnumerable<Diff> diffs)
    {
        var sb = new StringBuilder();
        foreach (var d in diffs) sb.Append("    ").Append(d).Append('\n');
        return sb.ToString();
    }
}
