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

// Book I 3.3.17 user-level moves to and from the CR and XER, and mftb (Book II 5.2.1).
public static partial class Interpreter
{
    /// <summary>mftb (XFX 371, phased out but executed by POWER9): TBR 268 = TB, 269 = TBU.</summary>
    internal static void Mftb(Cpu c, uint w)
    {
        int tbr = Tbr(w);
        if (tbr is Spr.Tb or Spr.Tbu) c.TimebaseSpinCheck();
        switch (tbr)
        {
            case Spr.Tb: c.Gpr[Rt(w)] = c.ReadTimebase(); break;
            case Spr.Tbu: c.Gpr[Rt(w)] = c.ReadTimebase() >> 32; break;
            default: c.RaiseProgram(ProgramReason.IllegalInstruction); break;
        }
    }

    internal static void Mfcr(Cpu c, uint w) => c.Gpr[Rt(w)] = c.Cr;

    /// <summary>
    /// mfocrf: the one CR field FXM names, other bits 0. Any other FXM leaves RT undefined;
    /// QEMU then leaves RT unchanged, and so do we.
    /// </summary>
    internal static void Mfocrf(Cpu c, uint w)
    {
        int fxm = Fxm(w);
        if (fxm == 0 || (fxm & (fxm - 1)) != 0) return;
        int field = 7 - System.Numerics.BitOperations.TrailingZeroCount(fxm);
        c.Gpr[Rt(w)] = c.Cr & (0xf000_0000u >> (4 * field));
    }

    /// <summary>The CR mask of an FXM field: bit i (from the left, of 8) selects CR field i.</summary>
    private static uint CrFieldMask(int fxm)
    {
        uint m = 0;
        for (int i = 0; i < 8; i++)
            if ((fxm & (0x80 >> i)) != 0) m |= 0xf000_0000u >> (4 * i);
        return m;
    }

    internal static void Mtcrf(Cpu c, uint w)
    {
        uint m = CrFieldMask(Fxm(w));
        c.Cr = (c.Cr & ~m) | ((uint)c.Gpr[Rs(w)] & m);
    }

    /// <summary>mtocrf: as mtcrf for exactly one field; other FXM values are undefined (QEMU: no change).</summary>
    internal static void Mtocrf(Cpu c, uint w)
    {
        int fxm = Fxm(w);
        if (fxm == 0 || (fxm & (fxm - 1)) != 0) return;
        Mtcrf(c, w);
    }

    /// <summary>mcrxrx (ISA 3.0): CR field BF = OV || OV32 || CA || CA32.</summary>
    internal static void Mcrxrx(Cpu c, uint w) =>
        SetCrField(c, Bf(w), (c.Ov ? 8u : 0) | (c.Ov32 ? 4u : 0) | (c.Ca ? 2u : 0) | (c.Ca32 ? 1u : 0));

    /// <summary>setb (ISA 3.0): -1 if CR field BFA has LT, else 1 if GT, else 0.</summary>
    internal static void Setb(Cpu c, uint w)
    {
        uint f = GetCrField(c, Bfa(w));
        c.Gpr[Rt(w)] = (f & 8) != 0 ? ulong.MaxValue : (f & 4) != 0 ? 1UL : 0;
    }
}
