using static PpcSim.Core.FpscrBits;
using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Power ISA 3.0B Book I 7.6: xsmaxdp/xsmindp and xvmax/xvmin (sp, dp). IEEE maxNum/minNum:
// a quiet NaN loses to a number, a signaling NaN sets VXSNAN and comes back quieted, and
// +0 beats -0 for max (-0 beats +0 for min).
public static partial class Interpreter
{
    /// <summary>Which operand max/min returns (false = a, true = b), and whether it comes back quieted.</summary>
    private static bool MaxMinPick(ulong a, ulong b, bool max, ref uint fl, out bool quiet)
    {
        bool sa = SoftFloat.IsSNaN(a), sb = SoftFloat.IsSNaN(b);
        quiet = sa || sb;
        if (quiet)
        {
            fl |= VXSNAN;
            return !sa;
        }
        double x = BitConverter.UInt64BitsToDouble(a), y = BitConverter.UInt64BitsToDouble(b);
        if (double.IsNaN(x)) return !double.IsNaN(y);
        if (double.IsNaN(y)) return false;
        if (x == 0 && y == 0)
        {
            bool aNeg = (long)a < 0;
            return max ? aNeg : !aNeg;
        }
        return max ? !(x > y) : !(x < y);
    }

    private static ulong MaxMinDp(ulong a, ulong b, bool max, ref uint fl)
    {
        bool pickB = MaxMinPick(a, b, max, ref fl, out bool quiet);
        return (pickB ? b : a) | (quiet ? 0x0008_0000_0000_0000UL : 0);
    }

    private static void XsMaxMin(Cpu c, uint w, bool max)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        ulong r = MaxMinDp(c.Vsr[Xa(w)].Dw0, c.Vsr[Xb(w)].Dw0, max, ref fl);
        ulong keep = c.Fpscr & (FR | FI);
        bool write = FpApply(c, fl, 0, false, out bool raise);
        c.Fpscr = (c.Fpscr & ~(ulong)(FR | FI)) | keep;
        if (write) c.Vsr[Xt(w)] = new Vec128(r, 0);
        if (raise) FpRaise(c);
    }

    private static void XvMaxMin(Cpu c, uint w, bool max, bool single)
    {
        if (!VsxEnter(c)) return;
        uint fl = 0;
        Vec128 a = c.Vsr[Xa(w)], b = c.Vsr[Xb(w)], r = default;
        if (single)
        {
            for (int i = 0; i < 4; i++)
            {
                // Decide in double (exact for singles), then return the chosen single's own bits.
                uint wa = a.GetWord(i), wb = b.GetWord(i);
                bool pickB = MaxMinPick(Sp(wa), Sp(wb), max, ref fl, out bool quiet);
                uint res = (pickB ? wb : wa) | (quiet ? 0x0040_0000u : 0);
                r.SetWord(i, res);
            }
        }
        else
        {
            r.Dw0 = MaxMinDp(a.Dw0, b.Dw0, max, ref fl);
            r.Dw1 = MaxMinDp(a.Dw1, b.Dw1, max, ref fl);
        }
        ulong keep = c.Fpscr & (FR | FI);
        bool write = FpApply(c, fl, 0, false, out bool raise);
        c.Fpscr = (c.Fpscr & ~(ulong)(FR | FI)) | keep;
        if (write) c.Vsr[Xt(w)] = r;
        if (raise) FpRaise(c);
    }

    internal static void Xsmaxdp(Cpu c, uint w) => XsMaxMin(c, w, true);
    internal static void Xsmindp(Cpu c, uint w) => XsMaxMin(c, w, false);
    internal static void Xvmaxdp(Cpu c, uint w) => XvMaxMin(c, w, true, false);
    internal static void Xvmindp(Cpu c, uint w) => XvMaxMin(c, w, false, false);
    internal static void Xvmaxsp(Cpu c, uint w) => XvMaxMin(c, w, true, true);
    internal static void Xvminsp(Cpu c, uint w) => XvMaxMin(c, w, false, true);
}
