using System.Runtime.CompilerServices;
using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Power ISA 3.0B Book I chapter 2: branch facility (branches, system call, CR logical, addpcis).
public static partial class Interpreter
{
    /// <summary>A branch target or link address: in 32-bit mode the high word of NIA is zero (ISA 2.3.1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EffectiveNia(Cpu c, ulong target) => Narrow(c) ? (uint)target : target;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Link(Cpu c, uint w)
    {
        if ((w & 1) != 0) c.Lr = EffectiveNia(c, c.Pc + 4);
    }

    internal static void B(Cpu c, uint w)
    {
        Link(c, w);
        c.Nia = EffectiveNia(c, (w & 2) != 0 ? (ulong)Li(w) : c.Pc + (ulong)Li(w));
    }

    /// <summary>
    /// The BO/BI condition of bc/bclr/bctar (ISA 2.4): BO_2=0 decrements CTR and tests it for zero
    /// (BO_3 says which), BO_0=0 tests CR bit BI against BO_1. The 'at'/'y' hint bits do not
    /// change the outcome. In 32-bit mode only the low word of CTR is tested.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool BranchTaken(Cpu c, int bo, int bi)
    {
        bool ctrOk = true;
        if ((bo & 4) == 0)
        {
            c.Ctr--;
            bool zero = Narrow(c) ? (uint)c.Ctr == 0 : c.Ctr == 0;
            ctrOk = zero == ((bo & 2) != 0);
        }
        bool condOk = (bo & 16) != 0 || CrBit(c, bi) == ((bo & 8) != 0);
        return ctrOk && condOk;
    }

    internal static void Bc(Cpu c, uint w)
    {
        bool taken = BranchTaken(c, Bo(w), Bi(w));
        Link(c, w);
        if (taken) c.Nia = EffectiveNia(c, (w & 2) != 0 ? (ulong)Bd(w) : c.Pc + (ulong)Bd(w));
    }

    internal static void Bclr(Cpu c, uint w)
    {
        ulong target = c.Lr & ~3UL; // read before bclrl overwrites LR
        bool taken = BranchTaken(c, Bo(w), Bi(w));
        Link(c, w);
        if (taken) c.Nia = EffectiveNia(c, target);
    }

    /// <summary>
    /// bcctr. With BO_2=0 the ISA calls the form invalid; 64-bit server processors (and QEMU,
    /// whose behaviour we mirror; Linux's Spectre-v2 count-cache flush relies on it) test the
    /// old CTR for zero/non-zero, branch to the old CTR, and then decrement it.
    /// </summary>
    internal static void Bcctr(Cpu c, uint w)
    {
        int bo = Bo(w);
        ulong ctr = c.Ctr, target = ctr & ~3UL;
        bool ctrOk = true;
        if ((bo & 4) == 0)
        {
            bool zero = Narrow(c) ? (uint)ctr == 0 : ctr == 0;
            ctrOk = zero == ((bo & 2) != 0);
            c.Ctr = ctr - 1;
        }
        bool condOk = (bo & 16) != 0 || CrBit(c, Bi(w)) == ((bo & 8) != 0);
        Link(c, w);
        if (ctrOk && condOk) c.Nia = EffectiveNia(c, target);
    }

    /// <summary>bctar (ISA 2.07): like bclr with the Target Address Register.</summary>
    internal static void Bctar(Cpu c, uint w)
    {
        ulong target = c.Tar & ~3UL;
        bool taken = BranchTaken(c, Bo(w), Bi(w));
        Link(c, w);
        if (taken) c.Nia = EffectiveNia(c, target);
    }

    /// <summary>addpcis (ISA 3.0): RT = NIA + (D || 16 zeros).</summary>
    internal static void Addpcis(Cpu c, uint w) => c.Gpr[Rt(w)] = c.Pc + 4 + (ulong)(Dx(w) << 16);

    // ---- 2.5.1 condition register logical ----------------------------------------------------

    internal static void Crand(Cpu c, uint w) => SetCrBit(c, Bt(w), CrBit(c, Ba(w)) & CrBit(c, Bb(w)));

    internal static void Crnand(Cpu c, uint w) => SetCrBit(c, Bt(w), !(CrBit(c, Ba(w)) & CrBit(c, Bb(w))));

    internal static void Cror(Cpu c, uint w) => SetCrBit(c, Bt(w), CrBit(c, Ba(w)) | CrBit(c, Bb(w)));

    internal static void Crxor(Cpu c, uint w) => SetCrBit(c, Bt(w), CrBit(c, Ba(w)) ^ CrBit(c, Bb(w)));

    internal static void Crnor(Cpu c, uint w) => SetCrBit(c, Bt(w), !(CrBit(c, Ba(w)) | CrBit(c, Bb(w))));

    internal static void Creqv(Cpu c, uint w) => SetCrBit(c, Bt(w), CrBit(c, Ba(w)) == CrBit(c, Bb(w)));

    internal static void Crandc(Cpu c, uint w) => SetCrBit(c, Bt(w), CrBit(c, Ba(w)) & !CrBit(c, Bb(w)));

    internal static void Crorc(Cpu c, uint w) => SetCrBit(c, Bt(w), CrBit(c, Ba(w)) | !CrBit(c, Bb(w)));

    internal static void Mcrf(Cpu c, uint w) => SetCrField(c, Bf(w), GetCrField(c, Bfa(w)));
}
