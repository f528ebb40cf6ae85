using System.Runtime.CompilerServices;
using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Power ISA 3.0B Book I 3.3.2-3.3.6: fixed-point loads and stores.
public static partial class Interpreter
{
    /// <summary>EA = (RA|0) + displacement.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong EaD(Cpu c, uint w, long disp)
    {
        int ra = Ra0(w);
        return (ra == 0 ? 0 : c.Gpr[ra]) + (ulong)disp;
    }

    internal static void Lwz(Cpu c, uint w)
    {
        if (c.Load32(EaD(c, w, D(w)), out uint v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Stw(Cpu c, uint w) => c.Store32(EaD(c, w, D(w)), (uint)c.Gpr[Rs(w)]);

    internal static void Ld(Cpu c, uint w)
    {
        if (c.Load64(EaD(c, w, Ds(w)), out ulong v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Std(Cpu c, uint w) => c.Store64(EaD(c, w, Ds(w)), c.Gpr[Rs(w)]);
}
