namespace PpcSim.DiffTests;

/// <summary>
/// Bits whose value the ISA leaves undefined at this point of a sequence, with the reasons.
/// The generator never lets a later instruction read a poisoned bit, so poison never spreads;
/// what is left at the end is the comparison mask.
/// </summary>
public sealed class Poison
{
    public ArchState Mask { get; } = new();
    public List<string> Reasons { get; } = [];

    /// <summary>
    /// Set once qemu may hold a stale FPSCR in its translated code (see
    /// <see cref="QemuDeviations"/>): later instructions that copy the FPSCR get unreliable copies.
    /// </summary>
    public bool StaleFpscr { get; set; }

    public Poison Clone()
    {
        var p = new Poison { StaleFpscr = StaleFpscr };
        Mask.Slots.CopyTo(p.Mask.Slots, 0);
        p.Reasons.AddRange(Reasons);
        return p;
    }

    public void Add(int slot, ulong bits, string reason)
    {
        if (bits == 0) return;
        Mask[slot] |= bits;
        string line = $"{ArchState.SlotName(slot)} {ArchState.Hex(bits)}: {reason}";
        if (!Reasons.Contains(line)) Reasons.Add(line);
    }

    public bool Touches(int slot, ulong bits) => (Mask[slot] & bits) != 0;
}
