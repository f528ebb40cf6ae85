using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Book I 3.3.1 (sc), 3.3.17 (move to/from SPR) and Book III privileged instructions.
public static partial class Interpreter
{
    internal static void Sc(Cpu c, uint w) => c.Raise(Interrupt.SystemCall);

    internal static void Mfspr(Cpu c, uint w)
    {
        if (Spr.TryRead(c, Isa.Field.Spr(w), out ulong v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Mtspr(Cpu c, uint w) => Spr.TryWrite(c, Isa.Field.Spr(w), c.Gpr[Rs(w)]);
}
