namespace PpcSim.Core;

/// <summary>
/// Special-purpose registers by number (ISA Book I 3.3.17 / Book III). Numbers whose privilege
/// the current state lacks raise a program interrupt, as the ISA's mtspr/mfspr tables say.
/// </summary>
public static class Spr
{
    public const int Xer = 1, Lr = 8, Ctr = 9, Dscr = 3, Vrsave = 256, Tb = 268, Tbu = 269, Tar = 815, Ppr = 896, Ppr32 = 898;

    public static bool TryRead(Cpu c, int spr, out ulong value)
    {
        switch (spr)
        {
            case Xer: value = c.Xer; return true;
            case Lr: value = c.Lr; return true;
            case Ctr: value = c.Ctr; return true;
            case Vrsave: value = c.Vrsave; return true;
            case Tb: value = c.ReadTimebase(); return true;
            case Tbu: value = c.ReadTimebase() >> 32; return true;
            case Tar: value = c.Tar; return true;
            case Dscr: value = c.Dscr; return true;
            case Ppr: value = c.Ppr; return true;
            case Ppr32: value = c.Ppr >> 32; return true;
        }
        value = 0;
        c.RaiseProgram(c.ProblemState && (spr & 0x10) != 0 ? ProgramReason.PrivilegedInstruction : ProgramReason.IllegalInstruction);
        return false;
    }

    public static bool TryWrite(Cpu c, int spr, ulong value)
    {
        switch (spr)
        {
            case Xer: c.Xer = value; return true;
            case Lr: c.Lr = value; return true;
            case Ctr: c.Ctr = value; return true;
            case Vrsave: c.Vrsave = (uint)value; return true;
            case Tar: c.Tar = value; return true;
            case Dscr: c.Dscr = value; return true;
            case Ppr: c.Ppr = value; return true;
            case Ppr32: c.Ppr = (c.Ppr & 0xffffffffUL) | (value << 32); return true;
        }
        c.RaiseProgram(c.ProblemState && (spr & 0x10) != 0 ? ProgramReason.PrivilegedInstruction : ProgramReason.IllegalInstruction);
        return false;
    }
}
