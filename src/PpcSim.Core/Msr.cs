namespace PpcSim.Core;

/// <summary>MSR bits (ISA Book III 4.2.1), as masks on the 64-bit register.</summary>
public static class Msr
{
    public const ulong SF = 1UL << 63;
    public const ulong HV = 1UL << 60;
    public const ulong VEC = 1UL << 25;
    public const ulong VSX = 1UL << 23;
    public const ulong EE = 1UL << 15;
    public const ulong PR = 1UL << 14;
    public const ulong FP = 1UL << 13;
    public const ulong ME = 1UL << 12;
    public const ulong FE0 = 1UL << 11;
    public const ulong SE = 1UL << 10;
    public const ulong BE = 1UL << 9;
    public const ulong FE1 = 1UL << 8;
    public const ulong IR = 1UL << 5;
    public const ulong DR = 1UL << 4;
    public const ulong RI = 1UL << 1;
    public const ulong LE = 1UL;

    /// <summary>What a 64-bit little-endian Linux user program runs with.</summary>
    public const ulong UserLe = SF | EE | PR | FP | VEC | VSX | IR | DR | RI | LE;
}
