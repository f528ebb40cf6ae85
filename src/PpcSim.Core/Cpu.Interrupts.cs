namespace PpcSim.Core;

/// <summary>
/// Interrupt delivery (Power ISA 3.0B Book III chapter 7): which register pair saves state,
/// what SRR1 keeps of the MSR, the new MSR, the vector and its alternate location.
/// </summary>
public sealed partial class Cpu
{
    private bool _asyncCheck;

    // SRR1 copies MSR bits 0:32, 37:41 and 48:63 (ISA numbering) on every interrupt.
    private const ulong Srr1MsrCopyMask = 0xFFFF_FFFF_8000_0000UL | 0x0000_0000_07C0_0000UL | 0x0000_0000_0000_FFFFUL;
    // Bits 33:36 and 42:47 carry interrupt-specific information.
    public const ulong Srr1InfoMask = 0x0000_0000_7800_0000UL | 0x0000_0000_003F_0000UL;
    // MSR bits cleared on any interrupt: IR DR FE0 FE1 EE RI PR FP VEC VSX SE BE PMM TS(29:30 and TM bit 31 of TS) ...
    private const ulong InterruptClears = Core.Msr.IR | Core.Msr.DR | Core.Msr.FE0 | Core.Msr.FE1 | Core.Msr.EE | Core.Msr.RI
        | Core.Msr.PR | Core.Msr.FP | Core.Msr.VEC | Core.Msr.VSX | Core.Msr.SE | Core.Msr.BE | (1UL << 2) | Core.Msr.LE;

    // DSISR / SRR1 bits for storage interrupts (ISA numbering 33 = not found, 36 = protection, 38 = store).
    public const ulong DsisrNotFound = 1UL << 30;
    public const ulong DsisrProtection = 1UL << 27;
    public const ulong DsisrStore = 1UL << 25;
    public const ulong Srr1IsiNotFound = 1UL << 30;
    public const ulong Srr1IsiNoExec = 1UL << 28;
    public const ulong Srr1IsiProtection = 1UL << 27;
    /// <summary>
    /// Fault bit from the MMU (above the 32 DSISR bits): the EA is outside the translated range,
    /// a Data/Instruction Segment interrupt (ISA 3.0B Book III, radix translation). Equals RadixMmu.Segment.
    /// </summary>
    public const ulong FaultSegment = 1UL << 32;

    /// <summary>Asks the run loop to look for deliverable asynchronous interrupts before the next instruction.</summary>
    public void RequestAsyncCheck() => _asyncCheck = true;

    /// <summary>True for interrupts that save state in HSRR0/1 and set MSR[HV].</summary>
    public bool IsHypervisorInterrupt(Interrupt kind) => kind switch
    {
        Interrupt.HypervisorDataStorage or Interrupt.HypervisorInstructionStorage or Interrupt.HypervisorEmulationAssistance
            or Interrupt.HypervisorMaintenance or Interrupt.DirectedHypervisorDoorbell or Interrupt.HypervisorVirtualization
            or Interrupt.HypervisorDecrementer or Interrupt.HypervisorFacilityUnavailable => true,
        // With LPCR[LPES] = 0 (PowerNV), external interrupts go to the hypervisor.
        Interrupt.External => (Lpcr & Lpcr_LPES) == 0,
        _ => false,
    };

    /// <summary>
    /// Checks asynchronous exception conditions in priority order; if one is deliverable under the
    /// current MSR, records it as pending (SRR0 will be the current Pc) and returns true.
    /// </summary>
    public bool CheckAsyncInterrupts()
    {
        _asyncCheck = false;
        if (Pending != Interrupt.None) return true;
        if (StopExitsBySystemReset && TakeStopExit()) return true;
        bool ee = (Msr & Core.Msr.EE) != 0;
        bool hv = (Msr & Core.Msr.HV) != 0 && (Msr & Core.Msr.PR) == 0;
        // Hypervisor interrupts are enabled when EE=1 or the thread is not in hypervisor state.
        bool hvEnabled = ee || !hv;
        Interrupt kind = Interrupt.None;
        if (ExternalLevel && (IsHypervisorInterrupt(Interrupt.External) ? hvEnabled : ee)) kind = Interrupt.External;
        else if (HypervisorDoorbell && hvEnabled) kind = Interrupt.DirectedHypervisorDoorbell;
        else if (HdecException && hvEnabled) kind = Interrupt.HypervisorDecrementer;
        else if (PrivilegedDoorbell && ee) kind = Interrupt.DirectedPrivilegedDoorbell;
        else if (DecrementerException && ee) kind = Interrupt.Decrementer;
        if (kind == Interrupt.None) return false;
        Stopped = false;
        Raise(kind);
        return true;
    }

    /// <summary>
    /// Set by stop with PSSCR[EC]=1: the thread leaves the power-saving state through a System
    /// Reset interrupt (SRR1[42:45] = the exception that woke it) instead of resuming after the
    /// stop. LPCR[PECE] is not modelled: any exception ends the stop, as for EC=0.
    /// </summary>
    public bool StopExitsBySystemReset { get; set; }

    // System Reset SRR1 (ISA 3.0B Book III 7.5.1): [42:45] wake reason, [46:47] state loss
    // (01: none; PpcSim's stop keeps all state).
    private const ulong Srr1WakeExternal = 0b1000UL << 18, Srr1WakeHvDoorbell = 0b0011UL << 18,
        Srr1WakePrivDoorbell = 0b0101UL << 18, Srr1WakeDecrementer = 0b0110UL << 18, Srr1StateNoLoss = 0b01UL << 16;

    /// <summary>The System Reset that ends a stop with PSSCR[EC]=1, once an exception exists (enabled or not).</summary>
    private bool TakeStopExit()
    {
        ulong wake = ExternalLevel ? Srr1WakeExternal
            : HypervisorDoorbell ? Srr1WakeHvDoorbell
            : PrivilegedDoorbell ? Srr1WakePrivDoorbell
            : DecrementerException ? Srr1WakeDecrementer : 0;
        if (wake == 0)
        {
            // Still idle, or woken by an exception with no wake reason (HDEC): leave as for EC=0.
            if (AnyAsyncCondition) StopExitsBySystemReset = false;
            return false;
        }
        StopExitsBySystemReset = false;
        Stopped = false;
        Raise(Interrupt.SystemReset, wake | Srr1StateNoLoss);
        return true;
    }

    /// <summary>True if any asynchronous exception exists, enabled or not (wakes a stopped thread).</summary>
    public bool AnyAsyncCondition => ExternalLevel || HypervisorDoorbell || HdecException || PrivilegedDoorbell || DecrementerException;

    /// <summary>
    /// Takes the pending interrupt: saves Pc/MSR in SRR0/1 or HSRR0/1, sets the new MSR and
    /// branches to the vector. The machine calls this; user-mode runs handle interrupts themselves.
    /// </summary>
    public void DeliverPending()
    {
        var kind = Pending;
        if (kind == Interrupt.None) return;
        // POWER9 (ISA 3.0 Book III 7.5.18): an illegal instruction causes a hypervisor emulation
        // assistance interrupt, with the instruction image in HEIR, rather than a program interrupt.
        if (kind == Interrupt.Program && IllegalIsEmulationAssistance && (PendingSrr1 & (ulong)ProgramReason.IllegalInstruction) != 0)
        {
            kind = Interrupt.HypervisorEmulationAssistance;
            PeekOp(PendingPc, out uint word);
            Heir = word;
            PendingSrr1 = 0;
        }
        // SRR0: the faulting instruction, or the next one for sc and asynchronous interrupts (Pc already there).
        ulong srr0 = kind == Interrupt.SystemCall ? Pc : PendingPc;
        ulong info = PendingSrr1 & Srr1InfoMask;
        // System Reset sets HV (it uses SRR0/1 all the same), like the hypervisor interrupts and sc 1.
        bool toHv = IsHypervisorInterrupt(kind) || kind == Interrupt.SystemReset || (kind == Interrupt.SystemCall && PendingLev == 1);
        bool useHsrr = IsHypervisorInterrupt(kind);
        switch (kind)
        {
            case Interrupt.DataStorage:
                Dar = PendingDar;
                Dsisr = PendingSrr1;
                info = 0;
                break;
            case Interrupt.Alignment:
            case Interrupt.DataSegment:
                Dar = PendingDar;
                info = 0;
                break;
            case Interrupt.InstructionSegment:
                info = 0;
                break;
            case Interrupt.DirectedHypervisorDoorbell:
                HypervisorDoorbell = false; // edge: consumed when taken
                break;
            case Interrupt.DirectedPrivilegedDoorbell:
                PrivilegedDoorbell = false;
                break;
        }
        ulong oldMsr = Msr;
        ulong srr1 = (oldMsr & Srr1MsrCopyMask & ~Srr1InfoMask) | info;
        if (useHsrr)
        {
            Hsrr0 = srr0;
            Hsrr1 = srr1;
        }
        else
        {
            Srr0 = srr0;
            Srr1 = srr1;
        }
        ulong newMsr = (oldMsr & ~InterruptClears) | Core.Msr.SF;
        if (toHv) newMsr |= Core.Msr.HV;
        // MSR[RI] is cleared only by interrupts that overwrite SRR0/1; those saving in HSRR0/1
        // leave it unchanged (ISA 3.0B Book III 7.5, "MSR setting due to interrupt"), as QEMU
        // does and Linux's KVM expects. Checked by InterruptTableTests.
        if (useHsrr) newMsr |= oldMsr & Core.Msr.RI;
        // A System Reset out of a power-saving state sets ME (the only System Reset PpcSim raises).
        if (kind == Interrupt.SystemReset) newMsr |= Core.Msr.ME;
        bool le = (newMsr & Core.Msr.HV) != 0 ? (Hid0 & Hid0_Power9_HILE) != 0 : (Lpcr & Lpcr_ILE) != 0;
        if (le) newMsr |= Core.Msr.LE;
        ulong vector = (ulong)kind;
        // Alternate interrupt location: LPCR[AIL]=3 sends interrupts taken with IR=DR=1 to
        // 0xC000_0000_0000_4000 + offset (never system reset or machine check).
        ulong ail = (Lpcr >> (int)Lpcr_AIL_Shift) & 3;
        if (ail == 3 && (oldMsr & (Core.Msr.IR | Core.Msr.DR)) == (Core.Msr.IR | Core.Msr.DR)
            && kind is not Interrupt.SystemReset and not Interrupt.MachineCheck)
        {
            vector += 0xC000_0000_0000_4000UL;
            newMsr |= Core.Msr.IR | Core.Msr.DR;
        }
        ClearPending();
        SetMsr(newMsr);
        Pc = vector;
        LastInterrupt = kind;
        InterruptCount++;
    }

    /// <summary>Illegal instructions go to 0xE40 (as on POWER9) instead of the program interrupt.</summary>
    public bool IllegalIsEmulationAssistance { get; set; }

    /// <summary>LEV of the pending system call (sc 1 is a hypervisor call).</summary>
    public int PendingLev { get; internal set; }

    public Interrupt LastInterrupt { get; private set; }
    public ulong InterruptCount { get; private set; }
}
