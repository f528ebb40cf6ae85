namespace PpcSim.Core;

/// <summary>
/// FPSCR bits (Power ISA 3.0B Book I 4.2.2) as masks on the low word of <see cref="Cpu.Fpscr"/>
/// (ISA bit 32+i is mask 1 &lt;&lt; (31-i)). DRN (ISA bits 29:31) lives in the high word.
/// </summary>
public static class FpscrBits
{
    public const uint FX = 1u << 31;
    public const uint FEX = 1u << 30;
    public const uint VX = 1u << 29;
    public const uint OX = 1u << 28;
    public const uint UX = 1u << 27;
    public const uint ZX = 1u << 26;
    public const uint XX = 1u << 25;
    public const uint VXSNAN = 1u << 24;
    public const uint VXISI = 1u << 23;
    public const uint VXIDI = 1u << 22;
    public const uint VXZDZ = 1u << 21;
    public const uint VXIMZ = 1u << 20;
    public const uint VXVC = 1u << 19;
    public const uint FR = 1u << 18;
    public const uint FI = 1u << 17;
    /// <summary>FPRF: C (bit 16) and FPCC FL/FG/FE/FU (bits 15:12).</summary>
    public const uint FPRF = 0x1fu << 12;
    public const uint FPCC = 0xfu << 12;
    public const int FprfShift = 12;
    /// <summary>Not an FPSCR bit (ISA bit 52 is reserved): SoftFloat's "result was tiny" marker.</summary>
    public const uint Tiny = 1u << 11;
    public const uint VXSOFT = 1u << 10;
    public const uint VXSQRT = 1u << 9;
    public const uint VXCVI = 1u << 8;
    public const uint VE = 1u << 7;
    public const uint OE = 1u << 6;
    public const uint UE = 1u << 5;
    public const uint ZE = 1u << 4;
    public const uint XE = 1u << 3;
    public const uint NI = 1u << 2;
    public const uint RN = 3u;

    /// <summary>All invalid-operation exception bits (VX is their summary).</summary>
    public const uint VXAll = VXSNAN | VXISI | VXIDI | VXZDZ | VXIMZ | VXVC | VXSOFT | VXSQRT | VXCVI;
    /// <summary>Exception bits whose 0-to-1 transition sets FX.</summary>
    public const uint Exceptions = OX | UX | ZX | XX | VXAll;
}
