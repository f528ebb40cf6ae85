using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Power ISA 3.0B Book I chapter 3: fixed-point facility.
public static partial class Interpreter
{
    internal static void Addi(Cpu c, uint w)
    {
        int ra = Ra0(w);
        c.Gpr[Rt(w)] = (ra == 0 ? 0 : c.Gpr[ra]) + (ulong)Si(w);
    }

    internal static void Addis(Cpu c, uint w)
    {
        int ra = Ra0(w);
        c.Gpr[Rt(w)] = (ra == 0 ? 0 : c.Gpr[ra]) + (ulong)(Si(w) << 16);
    }

    internal static void Add(Cpu c, uint w)
    {
        ulong a = c.Gpr[Ra(w)], b = c.Gpr[Rb(w)], r = a + b;
        if (Oe(w))
            SetOverflow(c, (long)((a ^ r) & (b ^ r)) < 0, (int)(((uint)a ^ (uint)r) & ((uint)b ^ (uint)r)) < 0);
        c.Gpr[Rt(w)] = r;
        if (Rc(w)) SetCr0(c, r);
    }

    internal static void Ori(Cpu c, uint w) => c.Gpr[Ra(w)] = c.Gpr[Rs(w)] | (uint)Ui(w);

    internal static void Or(Cpu c, uint w)
    {
        ulong r = c.Gpr[Rs(w)] | c.Gpr[Rb(w)];
        c.Gpr[Ra(w)] = r;
        if (Rc(w)) SetCr0(c, r);
    }

    internal static void Cmpi(Cpu c, uint w)
    {
        long a = L(w) != 0 ? (long)c.Gpr[Ra(w)] : (int)c.Gpr[Ra(w)];
        long b = Si(w);
        uint v = a < b ? 8u : a > b ? 4u : 2u;
        SetCrField(c, Bf(w), v | (c.So ? 1u : 0u));
    }
}
