using System.Buffers.Binary;
using System.Globalization;

namespace PpcSim.DiffTests;

/// <summary>
/// Everything a sequence can change, as one flat vector of 64-bit slots: GPRs, both doublewords of
/// every VSR, CR, XER, FPSCR, VSCR, LR, CTR and the scratch window (little-endian doublewords).
/// The same shape serves as a mask (a set bit = an undefined, uncompared bit).
/// </summary>
public sealed class ArchState
{
    public const int GprBase = 0;
    public const int VsrBase = 32;
    public const int Cr = 160, Xer = 161, Fpscr = 162, Vscr = 163, Lr = 164, Ctr = 165;
    public const int ScratchBase = 166;
    public const int Count = ScratchBase + Layout.ScratchSize / 8;

    public ulong[] Slots { get; } = new ulong[Count];

    public ref ulong this[int slot] => ref Slots[slot];

    public static int Gpr(int n) => GprBase + n;
    /// <summary>Doubleword 0 (the ISA's most significant; the FPR for n &lt; 32) of VSR n.</summary>
    public static int VsrDw0(int n) => VsrBase + 2 * n;
    public static int VsrDw1(int n) => VsrBase + 2 * n + 1;
    public static int ScratchDw(int k) => ScratchBase + k;

    public ArchState Clone()
    {
        var c = new ArchState();
        Slots.CopyTo(c.Slots, 0);
        return c;
    }

    public bool IsZero() => Array.TrueForAll(Slots, v => v == 0);

    public void OrWith(ArchState other)
    {
        for (int i = 0; i < Count; i++) Slots[i] |= other.Slots[i];
    }

    public static string SlotName(int slot) => slot switch
    {
        < VsrBase => $"gpr{slot}",
        < Cr => $"vsr{(slot - VsrBase) / 2}.dw{(slot - VsrBase) & 1}",
        Cr => "cr",
        Xer => "xer",
        Fpscr => "fpscr",
        Vscr => "vscr",
        Lr => "lr",
        Ctr => "ctr",
        _ => $"mem+0x{(slot - ScratchBase) * 8:x3}",
    };

    private static readonly Dictionary<string, int> s_byName = Enumerable.Range(0, Count).ToDictionary(SlotName, i => i, StringComparer.Ordinal);

    public static bool TryParseSlot(string name, out int slot) => s_byName.TryGetValue(name, out slot);

    // ---- harness record (see Layout) ----

    public void WriteRecord(Span<byte> rec, int index)
    {
        rec[..Layout.RecordSize].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(rec[Layout.OffMagic..], Layout.Magic);
        BinaryPrimitives.WriteUInt64LittleEndian(rec[Layout.OffIndex..], (ulong)index);
        for (int i = 0; i < 32; i++) Put(rec, Layout.OffGpr + 8 * i, Slots[Gpr(i)]);
        for (int i = 0; i < 64; i++)
        {
            Put(rec, Layout.OffVsr + 16 * i, Slots[VsrDw0(i)]);
            Put(rec, Layout.OffVsr + 16 * i + 8, Slots[VsrDw1(i)]);
        }
        Put(rec, Layout.OffCr, Slots[Cr]);
        Put(rec, Layout.OffXer, Slots[Xer]);
        Put(rec, Layout.OffFpscr, Slots[Fpscr]);
        Put(rec, Layout.OffVscr + 8, Slots[Vscr]);
        Put(rec, Layout.OffLr, Slots[Lr]);
        Put(rec, Layout.OffCtr, Slots[Ctr]);
        for (int k = 0; k < Layout.ScratchSize / 8; k++) Put(rec, Layout.OffScratch + 8 * k, Slots[ScratchDw(k)]);
    }

    /// <summary>Parses an output record; returns the sequence index it carries.</summary>
    public static ArchState ReadRecord(ReadOnlySpan<byte> rec, out int index)
    {
        if (BinaryPrimitives.ReadUInt64LittleEndian(rec[Layout.OffMagic..]) != Layout.Magic)
            throw new InvalidDataException("harness record has a bad magic number");
        index = (int)BinaryPrimitives.ReadUInt64LittleEndian(rec[Layout.OffIndex..]);
        var s = new ArchState();
        for (int i = 0; i < 32; i++) s[Gpr(i)] = Get(rec, Layout.OffGpr + 8 * i);
        for (int i = 0; i < 64; i++)
        {
            s[VsrDw0(i)] = Get(rec, Layout.OffVsr + 16 * i);
            s[VsrDw1(i)] = Get(rec, Layout.OffVsr + 16 * i + 8);
        }
        s[Cr] = Get(rec, Layout.OffCr);
        s[Xer] = Get(rec, Layout.OffXer);
        s[Fpscr] = Get(rec, Layout.OffFpscr);
        s[Vscr] = Get(rec, Layout.OffVscr + 8) & 0xffff_ffffUL; // mfvscr: VSCR is word 3 of the VR
        s[Lr] = Get(rec, Layout.OffLr);
        s[Ctr] = Get(rec, Layout.OffCtr);
        for (int k = 0; k < Layout.ScratchSize / 8; k++) s[ScratchDw(k)] = Get(rec, Layout.OffScratch + 8 * k);
        return s;
    }

    private static void Put(Span<byte> b, int off, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(b[off..], v);
    private static ulong Get(ReadOnlySpan<byte> b, int off) => BinaryPrimitives.ReadUInt64LittleEndian(b[off..]);

    public static string Hex(ulong v) => "0x" + v.ToString("x16", CultureInfo.InvariantCulture);
}
