using System.Runtime.CompilerServices;

namespace PpcSim.Core;

/// <summary>
/// Instruction semantics, one static method per handler name in isa/ (see <see cref="Dispatch"/>),
/// grouped by ISA chapter in Interpreter.*.cs. A handler reads its fields from the word with
/// <see cref="Isa.Field"/>, and on a guest fault raises an interrupt and returns before write-back.
/// </summary>
public static partial class Interpreter
{
    internal static void Illegal(Cpu c, uint w) => c.RaiseProgram(ProgramReason.IllegalInstruction);

    internal static void Unimplemented(Cpu c, uint w) => c.RaiseUnimplemented();

    /// <summary>
    /// Sets CR0 from a result: LT, GT, EQ from the signed compare with 0 (of the low word in 32-bit
    /// mode, MSR[SF]=0), SO from XER[SO].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SetCr0(Cpu c, ulong result)
    {
        long r = (c.Msr & Msr.SF) != 0 ? (long)result : (int)result;
        uint bits = r < 0 ? 8u : r > 0 ? 4u : 2u;
        if (c.So) bits |= 1;
        c.Cr = (c.Cr & 0x0fffffffu) | (bits << 28);
    }

    /// <summary>Sets CR field <paramref name="bf"/> (0 = most significant) to a 4-bit value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SetCrField(Cpu c, int bf, uint value)
    {
        int sh = (7 - bf) * 4;
        c.Cr = (c.Cr & ~(0xfu << sh)) | ((value & 0xf) << sh);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint GetCrField(Cpu c, int bf) => (c.Cr >> ((7 - bf) * 4)) & 0xf;

    /// <summary>CR bit <paramref name="bi"/> in the ISA's numbering (0 = CR0[LT]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool CrBit(Cpu c, int bi) => ((c.Cr >> (31 - bi)) & 1) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SetCrBit(Cpu c, int bi, bool v)
    {
        uint m = 1u << (31 - bi);
        c.Cr = v ? c.Cr | m : c.Cr & ~m;
    }

    /// <summary>Instruction bit 31 (Rc / LK / the record form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Rc(uint w) => (w & 1) != 0;

    /// <summary>OE bit of XO-form instructions (ISA bit 21).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Oe(uint w) => (w & 0x400) != 0;

    /// <summary>Sets OV/OV32 (and sticky SO) for an OE=1 instruction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SetOverflow(Cpu c, bool ov, bool ov32)
    {
        c.Ov = ov;
        c.Ov32 = ov32;
        if (ov) c.So = true;
    }
}
