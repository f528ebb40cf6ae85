using System.Runtime.CompilerServices;

namespace PpcSim.Core;

// Power ISA 3.0B Book III: MSR moves, return from interrupt, doorbell messages, TLB management,
// stop. Fields are read straight from the word (bit numbers in ISA numbering in comments) so
// these handlers do not depend on field names chosen by the table.
public static partial class Interpreter
{
    // MSR bits copied by rfid/hrfid/mtmsrd L=0 (ISA numbering 0:2, 4:32, 37:41, 49:50, 52:57, 60:63):
    // everything except HV (3), TS/TM (29:31 handled as plain bits here), 33:36, 42:47 (SRR1 info),
    // EE/IR/DR (computed) and ME (51, hypervisor only).
    private const ulong RfidCopyMask = ~(Msr.HV | Msr.EE | Msr.IR | Msr.DR | Msr.ME | Cpu.Srr1InfoMask);

    /// <summary>Privileged (supervisor) instruction: program interrupt in problem state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool RequireSupervisor(Cpu c)
    {
        if ((c.Msr & Msr.PR) == 0) return true;
        c.RaiseProgram(ProgramReason.PrivilegedInstruction);
        return false;
    }

    /// <summary>Hypervisor instruction: program interrupt in problem state, emulation assistance when HV=0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool RequireHypervisor(Cpu c)
    {
        if (!RequireSupervisor(c)) return false;
        if ((c.Msr & Msr.HV) != 0) return true;
        c.Raise(Interrupt.HypervisorEmulationAssistance);
        return false;
    }

    /// <summary>The new MSR from SRR1/HSRR1 per rfid's definition; PR=1 forces EE, IR, DR on.</summary>
    private static ulong MsrFromSrr1(Cpu c, ulong srr1, bool hrfid)
    {
        ulong msr = (c.Msr & ~RfidCopyMask) & ~(Msr.EE | Msr.IR | Msr.DR);
        msr |= srr1 & RfidCopyMask & ~Cpu.Srr1InfoMask;
        bool pr = (srr1 & Msr.PR) != 0;
        if ((srr1 & Msr.EE) != 0 || pr) msr |= Msr.EE;
        if ((srr1 & Msr.IR) != 0 || pr) msr |= Msr.IR;
        if ((srr1 & Msr.DR) != 0 || pr) msr |= Msr.DR;
        bool inHv = (c.Msr & Msr.HV) != 0;
        // HV can only be cleared (rfid) or set from HSRR1 (hrfid); ME changes only in hypervisor state.
        msr = (msr & ~Msr.HV) | (hrfid ? srr1 & Msr.HV : c.Msr & srr1 & Msr.HV);
        msr = (msr & ~Msr.ME) | (inHv ? srr1 & Msr.ME : c.Msr & Msr.ME);
        return msr;
    }

    internal static void Rfid(Cpu c, uint w)
    {
        if (!RequireSupervisor(c)) return;
        c.SetMsr(MsrFromSrr1(c, c.Srr1, hrfid: false));
        c.Nia = c.Srr0 & ~3UL;
        if ((c.Msr & Msr.SF) == 0) c.Nia &= 0xffff_ffffUL;
    }

    internal static void Hrfid(Cpu c, uint w)
    {
        if (!RequireHypervisor(c)) return;
        c.SetMsr(MsrFromSrr1(c, c.Hsrr1, hrfid: true));
        c.Nia = c.Hsrr0 & ~3UL;
    }

    internal static void Mfmsr(Cpu c, uint w)
    {
        if (!RequireSupervisor(c)) return;
        c.Gpr[(int)(w >> 21) & 31] = c.Msr;
    }

    /// <summary>mtmsrd RS,L (bit 15 = L): L=1 moves only EE and RI; L=0 the rest as for rfid, PR=1 forcing EE/IR/DR.</summary>
    internal static void Mtmsrd(Cpu c, uint w)
    {
        if (!RequireSupervisor(c)) return;
        ulong rs = c.Gpr[(int)(w >> 21) & 31];
        if ((w & (1u << 16)) != 0)
        {
            c.SetMsr((c.Msr & ~(Msr.EE | Msr.RI)) | (rs & (Msr.EE | Msr.RI)));
            return;
        }
        const ulong keep = Msr.HV | Msr.ME | (0x7UL << 32) /* TS/TM 29:31 */;
        ulong msr = (c.Msr & keep) | (rs & ~keep & ~(Msr.EE | Msr.IR | Msr.DR));
        bool pr = (rs & Msr.PR) != 0;
        if ((rs & Msr.EE) != 0 || pr) msr |= Msr.EE;
        if ((rs & Msr.IR) != 0 || pr) msr |= Msr.IR;
        if ((rs & Msr.DR) != 0 || pr) msr |= Msr.DR;
        c.SetMsr(msr);
    }

    /// <summary>mtmsr RS,L: the 32-bit form changes only MSR bits 32:63.</summary>
    internal static void Mtmsr(Cpu c, uint w)
    {
        if (!RequireSupervisor(c)) return;
        ulong rs = c.Gpr[(int)(w >> 21) & 31];
        if ((w & (1u << 16)) != 0)
        {
            c.SetMsr((c.Msr & ~(Msr.EE | Msr.RI)) | (rs & (Msr.EE | Msr.RI)));
            return;
        }
        ulong low = rs & 0xffff_ffffUL & ~(Msr.ME);
        bool pr = (rs & Msr.PR) != 0;
        if (pr) low |= Msr.EE | Msr.IR | Msr.DR;
        c.SetMsr((c.Msr & (0xffff_ffff_0000_0000UL | Msr.ME)) | low);
    }

    /// <summary>Message type in RB[32:36]; POWER9 uses type 5 (server doorbell).</summary>
    private static int MessageType(ulong rb) => (int)((rb >> 27) & 0x1f);

    internal static void Msgsnd(Cpu c, uint w)
    {
        if (!RequireHypervisor(c)) return;
        ulong rb = c.Gpr[(int)(w >> 11) & 31];
        if (MessageType(rb) == 5) c.Bus?.SendDoorbell(c, DoorbellKind.Hypervisor, rb);
    }

    internal static void Msgclr(Cpu c, uint w)
    {
        if (!RequireHypervisor(c)) return;
        ulong rb = c.Gpr[(int)(w >> 11) & 31];
        if (MessageType(rb) == 5) c.HypervisorDoorbell = false;
    }

    internal static void Msgsndp(Cpu c, uint w)
    {
        if (!RequireSupervisor(c)) return;
        ulong rb = c.Gpr[(int)(w >> 11) & 31];
        if (MessageType(rb) == 5) c.Bus?.SendDoorbell(c, DoorbellKind.Privileged, rb);
    }

    internal static void Msgclrp(Cpu c, uint w)
    {
        if (!RequireSupervisor(c)) return;
        ulong rb = c.Gpr[(int)(w >> 11) & 31];
        if (MessageType(rb) == 5) c.PrivilegedDoorbell = false;
    }

    /// <summary>msgsync: orders the doorbell's receipt before later accesses (with the sender's sync).</summary>
    internal static void Msgsync(Cpu c, uint w)
    {
        if (!RequireHypervisor(c)) return;
        c.Mem.Barrier(Isa.BarrierKind.Msgsync);
    }

    private const ulong PsscrEc = 1UL << 20;

    /// <summary>stop: idle until an exception exists; PSSCR[EC]=0: resume after stop (then take it if enabled), EC=1: System Reset.</summary>
    internal static void Stop(Cpu c, uint w)
    {
        if (!RequireHypervisor(c)) return;
        // PSSCR[EC] (bit 43): the exit is a System Reset interrupt at the next instruction.
        if ((c.Psscr & PsscrEc) != 0) c.StopExitsBySystemReset = true;
        if (c.AnyAsyncCondition)
        {
            if (c.StopExitsBySystemReset) c.RequestAsyncCheck();
            return;
        }
        c.Stopped = true;
        if (c.Bus == null) return;
        c.Bus.Idle(c);
        c.RequestAsyncCheck(); // ends the run slice after this instruction: no host time spent idling

    }

    internal static void Tlbie(Cpu c, uint w)
    {
        if (!RequireHypervisor(c)) return;
        ulong rb = c.Gpr[(int)(w >> 11) & 31], rs = c.Gpr[(int)(w >> 21) & 31];
        int ric = (int)(w >> 18) & 3, prs = (int)(w >> 17) & 1, r = (int)(w >> 16) & 1;
        if (c.Bus != null) c.Bus.BroadcastTlbInvalidate(c, rb, rs, ric, prs, r);
        else c.FlushTlb();
    }

    internal static void Tlbiel(Cpu c, uint w)
    {
        if (!RequireSupervisor(c)) return;
        c.FlushTlb();
        c.FlushDecodeCache();
    }

    internal static void Tlbsync(Cpu c, uint w)
    {
        if (!RequireHypervisor(c)) return;
        c.Mem.Barrier(Isa.BarrierKind.Tlbsync);
    }

    /// <summary>slbia/slbie: no segment lookaside buffer in radix mode; nothing to invalidate.</summary>
    internal static void Slbia(Cpu c, uint w) => RequireSupervisor(c);

    internal static void Slbie(Cpu c, uint w) => RequireSupervisor(c);

    // Cache-inhibited loads and stores (Book III 4.4.2): hypervisor-only, used in real mode for
    // device registers such as the LPC UART. EA = (RA|0) + RB; the port sees a device access.
    private static ulong EaCix(Cpu c, uint w)
    {
        int ra = (int)(w >> 16) & 31;
        return (ra == 0 ? 0 : c.Gpr[ra]) + c.Gpr[(int)(w >> 11) & 31];
    }

    internal static void Lbzcix(Cpu c, uint w)
    {
        if (RequireHypervisor(c) && c.Load8(EaCix(c, w), out byte v)) c.Gpr[(int)(w >> 21) & 31] = v;
    }

    internal static void Lhzcix(Cpu c, uint w)
    {
        if (RequireHypervisor(c) && c.Load16(EaCix(c, w), out ushort v)) c.Gpr[(int)(w >> 21) & 31] = v;
    }

    internal static void Lwzcix(Cpu c, uint w)
    {
        if (RequireHypervisor(c) && c.Load32(EaCix(c, w), out uint v)) c.Gpr[(int)(w >> 21) & 31] = v;
    }

    internal static void Ldcix(Cpu c, uint w)
    {
        if (RequireHypervisor(c) && c.Load64(EaCix(c, w), out ulong v)) c.Gpr[(int)(w >> 21) & 31] = v;
    }

    internal static void Stbcix(Cpu c, uint w)
    {
        if (RequireHypervisor(c)) c.Store8(EaCix(c, w), (byte)c.Gpr[(int)(w >> 21) & 31]);
    }

    internal static void Sthcix(Cpu c, uint w)
    {
        if (RequireHypervisor(c)) c.Store16(EaCix(c, w), (ushort)c.Gpr[(int)(w >> 21) & 31]);
    }

    internal static void Stwcix(Cpu c, uint w)
    {
        if (RequireHypervisor(c)) c.Store32(EaCix(c, w), (uint)c.Gpr[(int)(w >> 21) & 31]);
    }

    internal static void Stdcix(Cpu c, uint w)
    {
        if (RequireHypervisor(c)) c.Store64(EaCix(c, w), c.Gpr[(int)(w >> 21) & 31]);
    }
}
