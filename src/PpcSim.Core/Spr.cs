namespace PpcSim.Core;

/// <summary>
/// Special-purpose registers by number (ISA Book I 3.3.17 / Book III 4). Numbers with bit 0x10
/// set are privileged: problem state gets a privileged-instruction program interrupt. Hypervisor
/// SPRs from a non-hypervisor kernel get a hypervisor emulation assistance interrupt. Unknown
/// numbers raise an illegal-instruction program interrupt (what Linux shows as SIGILL).
/// Writes that change translation (PIDR, LPIDR, PTCR, LPCR) drop the core's cached translations.
/// </summary>
public static class Spr
{
    public const int Xer = 1, Dscr = 3, Lr = 8, Ctr = 9, Amr = 13, DscrPriv = 17, Dsisr = 18, Dar = 19, Dec = 22,
        Srr0 = 26, Srr1 = 27, Cfar = 28, AmrPriv = 29, Pidr = 48, Iamr = 61, CtrlRead = 136, CtrlWrite = 152,
        Fscr = 153, Uamor = 157, Dpdes = 176, Hfscr = 190, Vrsave = 256, Sprg3User = 259, Tb = 268, Tbu = 269,
        Sprg0 = 272, Sprg1 = 273, Sprg2 = 274, Sprg3 = 275, TblWrite = 284, TbuWrite = 285, Tbu40 = 286, Pvr = 287,
        Hsprg0 = 304, Hsprg1 = 305, Hdsisr = 306, Hdar = 307, Spurr = 308, Purr = 309, Hdec = 310, Hrmor = 313,
        Hsrr0 = 314, Hsrr1 = 315, Lpcr = 318, Lpidr = 319, Hmer = 336, Hmeer = 337, Pcr = 338, Heir = 339, Amor = 349,
        Tir = 446, Ptcr = 464, Tar = 815, Asdr = 816, PsscrUser = 823, Psscr = 855, Ppr = 896, Ppr32 = 898, Hid0 = 1008, Pir = 1023;

    private static bool IsPrivileged(int spr) => (spr & 0x10) != 0;

    private static bool IsHypervisor(int spr) => spr is Hsprg0 or Hsprg1 or Hdsisr or Hdar or Hdec or Hrmor or Hsrr0 or Hsrr1
        or Lpcr or Lpidr or Hmer or Hmeer or Pcr or Heir or Amor or Ptcr or Hid0 or Hfscr or Asdr or Psscr or Tbu40 or TblWrite or TbuWrite;

    private static bool CheckAccess(Cpu c, int spr)
    {
        if (!IsPrivileged(spr)) return true;
        if (c.ProblemState)
        {
            c.RaiseProgram(ProgramReason.PrivilegedInstruction);
            return false;
        }
        if (IsHypervisor(spr) && (c.Msr & Msr.HV) == 0)
        {
            c.Raise(Interrupt.HypervisorEmulationAssistance);
            return false;
        }
        return true;
    }

    public static bool TryRead(Cpu c, int spr, out ulong value)
    {
        value = 0;
        if (!CheckAccess(c, spr)) return false;
        switch (spr)
        {
            case Xer: value = c.Xer; return true;
            case Lr: value = c.Lr; return true;
            case Ctr: value = c.Ctr; return true;
            case Vrsave: value = c.Vrsave; return true;
            case Tb: c.TimebaseSpinCheck(); value = c.ReadTimebase(); return true;
            case Tbu: value = c.ReadTimebase() >> 32; return true;
            case Tar: value = c.Tar; return true;
            case Dscr: case DscrPriv: value = c.Dscr; return true;
            case Ppr: value = c.Ppr; return true;
            case Ppr32: value = c.Ppr >> 32; return true;
            case Amr: case AmrPriv: value = c.Amr; return true;
            case CtrlRead: value = c.Ctrl; return true;
            case Sprg3User: case Sprg3: value = c.Sprg3; return true;
            case Dsisr: value = c.Dsisr; return true;
            case Dar: value = c.Dar; return true;
            case Dec: value = (ulong)(long)(int)c.Dec; return true;
            case Srr0: value = c.Srr0; return true;
            case Srr1: value = c.Srr1; return true;
            case Cfar: value = c.Cfar; return true;
            case Pidr: value = c.Pidr; return true;
            case Iamr: value = c.Iamr; return true;
            case Fscr: value = c.Fscr; return true;
            case Uamor: value = c.Uamor; return true;
            case Dpdes: value = c.PrivilegedDoorbell ? 1UL : 0; return true;
            case Hfscr: value = c.Hfscr; return true;
            case Sprg0: value = c.Sprg0; return true;
            case Sprg1: value = c.Sprg1; return true;
            case Sprg2: value = c.Sprg2; return true;
            case Pvr: value = c.Pvr; return true;
            case Hsprg0: value = c.Hsprg0; return true;
            case Hsprg1: value = c.Hsprg1; return true;
            case Hdsisr: value = c.Hdsisr; return true;
            case Hdar: value = c.Hdar; return true;
            case Spurr: case Purr: value = c.Cycles; return true;
            case Hdec: value = (ulong)(long)(int)c.Hdec; return true;
            case Hrmor: value = 0; return true;
            case Hsrr0: value = c.Hsrr0; return true;
            case Hsrr1: value = c.Hsrr1; return true;
            case Lpcr: value = c.Lpcr; return true;
            case Lpidr: value = c.Lpidr; return true;
            case Hmer: case Hmeer: value = 0; return true;
            case Pcr: value = c.Pcr; return true;
            case Heir: value = c.Heir; return true;
            case Amor: value = c.Amor; return true;
            case Tir: value = c.Pir & 3; return true;
            case Ptcr: value = c.Ptcr; return true;
            case Asdr: value = c.Asdr; return true;
            case Psscr: case PsscrUser: value = c.Psscr; return true;
            case Hid0: value = c.Hid0; return true;
            case Pir: value = c.Pir; return true;
        }
        c.RaiseProgram(ProgramReason.IllegalInstruction);
        return false;
    }

    public static bool TryWrite(Cpu c, int spr, ulong value)
    {
        if (!CheckAccess(c, spr)) return false;
        switch (spr)
        {
            case Xer: c.Xer = value; return true;
            case Lr: c.Lr = value; return true;
            case Ctr: c.Ctr = value; return true;
            case Vrsave: c.Vrsave = (uint)value; return true;
            case Tar: c.Tar = value; return true;
            case Dscr: case DscrPriv: c.Dscr = value; return true;
            case Ppr: c.Ppr = value; return true;
            case Ppr32: c.Ppr = (c.Ppr & 0xffffffffUL) | (value << 32); return true;
            case Amr: case AmrPriv: c.Amr = value; return true;
            case CtrlWrite: c.Ctrl = value & 1; return true;
            case Dsisr: c.Dsisr = value & 0xffff_ffffUL; return true;
            case Dar: c.Dar = value; return true;
            case Dec: c.Dec = (uint)value; return true;
            case Srr0: c.Srr0 = value; return true;
            case Srr1: c.Srr1 = value; return true;
            case Cfar: c.Cfar = value; return true;
            case Pidr: c.Pidr = value & 0xfffff; TranslationChanged(c); return true;
            case Iamr: c.Iamr = value; return true;
            case Fscr: c.Fscr = value; return true;
            case Uamor: c.Uamor = value; return true;
            case Dpdes: c.PrivilegedDoorbell = (value & 1) != 0; c.RequestAsyncCheck(); return true;
            case Hfscr: c.Hfscr = value; return true;
            case Sprg0: c.Sprg0 = value; return true;
            case Sprg1: c.Sprg1 = value; return true;
            case Sprg2: c.Sprg2 = value; return true;
            case Sprg3: c.Sprg3 = value; return true;
            case TblWrite: case TbuWrite: case Tbu40: return true; // the timebase is the machine's: writes ignored
            case Hsprg0: c.Hsprg0 = value; return true;
            case Hsprg1: c.Hsprg1 = value; return true;
            case Hdsisr: c.Hdsisr = value; return true;
            case Hdar: c.Hdar = value; return true;
            case Hdec: c.Hdec = (uint)value; return true;
            case Hrmor: return true;
            case Hsrr0: c.Hsrr0 = value; return true;
            case Hsrr1: c.Hsrr1 = value; return true;
            case Lpcr: c.Lpcr = value; TranslationChanged(c); c.RequestAsyncCheck(); return true;
            case Lpidr: c.Lpidr = value & 0xfff; TranslationChanged(c); return true;
            case Hmer: case Hmeer: return true;
            case Pcr: c.Pcr = value; return true;
            case Heir: c.Heir = value; return true;
            case Amor: c.Amor = value; return true;
            case Ptcr: c.Ptcr = value; TranslationChanged(c); return true;
            case Asdr: c.Asdr = value; return true;
            case Psscr: c.Psscr = value; return true;
            case Hid0: c.Hid0 = value; return true;
        }
        c.RaiseProgram(ProgramReason.IllegalInstruction);
        return false;
    }

    private static void TranslationChanged(Cpu c)
    {
        c.FlushTlb();
        c.FlushDecodeCache();
    }
}
