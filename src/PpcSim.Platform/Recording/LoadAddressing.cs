using PpcSim.Core;
using PpcSim.Isa;

namespace PpcSim.Platform.Recording;

/// <summary>How a load forms its effective address, from the isa/ table's fields: (RA|0) + D/DS/DQ, or (RA|0) + RB.</summary>
internal sealed class LoadAddressing
{
    private FieldInfo? _ra;
    private bool _raZeroIsZero;
    private FieldInfo? _rb;
    private FieldInfo? _disp;

    public int Size { get; private init; }

    public static LoadAddressing? For(InsnSpec spec)
    {
        if (spec.Mem != MemKind.Load) return null;
        var a = new LoadAddressing { Size = spec.Size };
        foreach (var name in spec.FieldNames)
        {
            if (!IsaTable.TryGetField(name, out var f)) continue;
            if (name is "ra0" or "ra") { a._ra = f; a._raZeroIsZero = name == "ra0"; }
            else if (name == "rb") a._rb = f;
            else if (f.Kind == "disp") a._disp = f;
        }
        return a._ra == null ? null : a;
    }

    public ulong EffectiveAddress(Cpu c, uint word)
    {
        int ra = (int)_ra!.Value(word);
        ulong ea = ra == 0 && _raZeroIsZero ? 0 : c.Gpr[ra];
        if (_rb != null) ea += c.Gpr[(int)_rb.Value(word)];
        else if (_disp != null) ea += (ulong)_disp.Value(word);
        if ((c.Msr & Msr.SF) == 0) ea &= 0xffff_ffffUL;
        return ea;
    }
}
