namespace PpcSim.Isa;

/// <summary>A named field of the instruction word, with its operand kind (from isa/*.isa).</summary>
public sealed class FieldInfo
{
    public FieldInfo(string name, string kind, bool signed, int scale, int width, FieldPiece[] pieces, int bias = 0)
    {
        Bias = bias;
        Name = name;
        Kind = kind;
        Signed = signed;
        Scale = scale;
        Width = width;
        Pieces = pieces;
    }

    public string Name { get; }
    /// <summary>Operand kind: gpr, gpr0, fpr, vr, vsr, crf, crb, simm, uimm, disp, brel, babs, spr, tbr, hex, bo, bi, bh, nb.</summary>
    public string Kind { get; }
    public bool Signed { get; }
    public int Scale { get; }
    public int Width { get; }
    /// <summary>Added to the raw value before scaling (hashst's offset field is raw - 64).</summary>
    public int Bias { get; }
    public FieldPiece[] Pieces { get; }

    /// <summary>The raw (unscaled, unsigned) bits of this field in <paramref name="word"/>.</summary>
    public ulong Raw(uint word)
    {
        ulong v = 0;
        foreach (var p in Pieces) v |= ((word >> p.Shift) & WidthMask(p.Width)) << p.ValueShift;
        return v;
    }

    /// <summary>The field's value: sign-extended and scaled as the table says.</summary>
    public long Value(uint word)
    {
        ulong raw = Raw(word);
        long v = Signed && Width < 64 ? (long)(raw << (64 - Width)) >> (64 - Width) : (long)raw;
        return (v + Bias) << Scale;
    }

    /// <summary>Puts a value into the word; false if it does not fit (range or alignment).</summary>
    public bool TryInsert(ref uint word, long value)
    {
        if (Scale != 0 && (value & ((1L << Scale) - 1)) != 0) return false;
        long raw = (value >> Scale) - Bias;
        if (Signed)
        {
            long min = -(1L << (Width - 1)), max = (1L << (Width - 1)) - 1;
            if (raw < min || raw > max) return false;
        }
        else if (raw < 0 || (Width < 64 && raw > (long)WidthMask(Width))) return false;
        ulong u = (ulong)raw;
        foreach (var p in Pieces)
        {
            uint m = (uint)WidthMask(p.Width) << p.Shift;
            word = (word & ~m) | ((uint)((u >> p.ValueShift) & WidthMask(p.Width)) << p.Shift);
        }
        return true;
    }

    /// <summary>Mask of the word's bits that belong to this field.</summary>
    public uint WordMask
    {
        get
        {
            uint m = 0;
            foreach (var p in Pieces) m |= (uint)WidthMask(p.Width) << p.Shift;
            return m;
        }
    }

    private static ulong WidthMask(int w) => w >= 64 ? ulong.MaxValue : (1UL << w) - 1;

    public override string ToString() => $"{Name}:{Kind}";
}
