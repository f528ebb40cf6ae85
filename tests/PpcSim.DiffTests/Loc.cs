namespace PpcSim.DiffTests;

/// <summary>A set of bits in one state slot (a register, part of one, or a scratch doubleword).</summary>
public readonly record struct Loc(int Slot, ulong Bits)
{
    public static Loc Gpr(int n) => new(ArchState.Gpr(n), ulong.MaxValue);
    public static Loc Fpr(int n) => new(ArchState.VsrDw0(n), ulong.MaxValue);
    public static Loc CrBits(uint bits) => new(ArchState.Cr, bits);
    /// <summary>CR field f (0..7) as a mask on the 32-bit CR (CR0 is bits 31:28).</summary>
    public static uint CrField(int f) => 0xf000_0000u >> (4 * f);
    /// <summary>CR bit b in ISA numbering (0 = CR0 LT) as a mask.</summary>
    public static uint CrBit(int b) => 0x8000_0000u >> b;

    public static IEnumerable<Loc> Vsr(int n)
    {
        yield return new(ArchState.VsrDw0(n), ulong.MaxValue);
        yield return new(ArchState.VsrDw1(n), ulong.MaxValue);
    }
}
