namespace PpcSim.Core;

/// <summary>
/// Architected interrupts a core can raise (Power ISA Book III, ch. 7). The value is the vector
/// offset; the interpreter records one as pending and never throws for a guest event.
/// </summary>
public enum Interrupt : ushort
{
    None = 0,
    SystemReset = 0x100,
    MachineCheck = 0x200,
    DataStorage = 0x300,
    DataSegment = 0x380,
    InstructionStorage = 0x400,
    InstructionSegment = 0x480,
    External = 0x500,
    Alignment = 0x600,
    Program = 0x700,
    FpUnavailable = 0x800,
    Decrementer = 0x900,
    HypervisorDecrementer = 0x980,
    DirectedPrivilegedDoorbell = 0xA00,
    SystemCall = 0xC00,
    Trace = 0xD00,
    HypervisorDataStorage = 0xE00,
    HypervisorInstructionStorage = 0xE20,
    HypervisorEmulationAssistance = 0xE40,
    HypervisorMaintenance = 0xE60,
    DirectedHypervisorDoorbell = 0xE80,
    HypervisorVirtualization = 0xEA0,
    PerformanceMonitor = 0xF00,
    VmxUnavailable = 0xF20,
    VsxUnavailable = 0xF40,
    FacilityUnavailable = 0xF60,
    HypervisorFacilityUnavailable = 0xF80,
    /// <summary>
    /// Not architected: a debugger breakpoint or watchpoint (see <see cref="Cpu.SetBreakpoint"/>)
    /// stopped the thread before the instruction completed. Never delivered to the guest; whoever
    /// drives the core clears it and reports the stop.
    /// </summary>
    DebugStop = 0xFFFF,
}
