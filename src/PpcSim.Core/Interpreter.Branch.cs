using System.Runtime.CompilerServices;
using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Power ISA 3.0B Book I chapter 2: branch facility.
public static partial class Interpreter
{
    internal static void B(Cpu c, uint w)
    {
        if ((w & 1) != 0) c.Lr = c.Pc + 4;
        c.Nia = (w & 2) != 0 ? (ulong)Li(w) : c.Pc + (ulong)Li(w);
    }

    /// <summary>The BO/BI condition of bc/bclr/bcctr; decrements CTR when BO says so.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool BranchTaken(Cpu c, int bo, int bi, bool mayDecrement = true)
    {
        bool ctrOk = true;
        if ((bo & 4) == 0 && mayDecrement)
        {
            c.Ctr--;
            bool zero = c.Ctr == 0;
            ctrOk = zero == ((bo & 2) != 0);
        }
        bool condOk = (bo & 16) != 0 || CrBit(c, bi) == ((bo & 8) != 0);
        return ctrOk && condOk;
    }

    internal static void Bc(Cpu c, uint w)
    {
        bool taken = BranchTaken(c, Bo(w), Bi(w));
        if ((w & 1) != 0) c.Lr = c.Pc + 4;
        if (!taken) return;
        c.Nia = (w & 2) != 0 ? (ulong)Bd(w) : c.Pc + (ulong)Bd(w);
    }

    internal static void Bclr(Cpu c, uint w)
    {
        ulong target = c.Lr & ~3UL;
        bool taken = BranchTaken(c, Bo(w), Bi(w));
        if ((w & 1) != 0) c.Lr = c.Pc + 4;
        if (taken) c.Nia = target;
    }
}
