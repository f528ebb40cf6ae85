namespace PpcSim.Core;

/// <summary>Why a program interrupt was raised: the SRR1 bits of ISA Book III 7.5.9.</summary>
[Flags]
public enum ProgramReason : uint
{
    None = 0,
    /// <summary>SRR1 bit 43: floating-point enabled exception.</summary>
    FloatingPoint = 0x0010_0000,
    /// <summary>SRR1 bit 44: illegal instruction.</summary>
    IllegalInstruction = 0x0008_0000,
    /// <summary>SRR1 bit 45: privileged instruction.</summary>
    PrivilegedInstruction = 0x0004_0000,
    /// <summary>SRR1 bit 46: trap.</summary>
    Trap = 0x0002_0000,
}
