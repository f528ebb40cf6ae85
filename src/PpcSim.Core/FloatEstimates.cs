namespace PpcSim.Core;

/// <summary>
/// The estimate and test instructions (fre, frsqrte, ftdiv, ftsqrt and their VSX forms). The ISA
/// only bounds an estimate's error; PpcSim returns what QEMU returns (the reference the tests
/// compare with): the correctly rounded double 1/x or 1/sqrt(x) computed through a double square
/// root, then rounded to single for the single-precision forms.
/// </summary>
internal static class FloatEstimates
{
    private const ulong One = 0x3FF0_0000_0000_0000UL;

    public static ulong Reciprocal(ulong x, bool single, int rm, ref uint fl)
    {
        if (SoftFloat.IsZero(x))
        {
            // QEMU returns +-0.5 for the reciprocal estimate of zero (with ZX), not +-inf.
            fl |= FpscrBits.ZX;
            return (x & SoftFloat.SignBit) | 0x3FE0_0000_0000_0000UL;
        }
        ulong r = SoftFloat.Div(One, x, false, rm, ref fl);
        return single ? SoftFloat.RoundToSingle(r, rm, ref fl) : r;
    }

    public static ulong ReciprocalSqrt(ulong x, bool single, int rm, ref uint fl)
    {
        ulong s = SoftFloat.Sqrt(x, false, rm, ref fl);
        ulong r = SoftFloat.Div(One, s, false, rm, ref fl);
        return single ? SoftFloat.RoundToSingle(r, rm, ref fl) : r;
    }

    private static int UnbiasedExp(ulong x) => (int)((x >> 52) & 0x7ff) - 1023;

    /// <summary>ftdiv/xstdivdp: CR field 0b1000 | FG &lt;&lt; 2 | FE &lt;&lt; 1 (ISA 4.6.8).</summary>
    public static uint TestDivide(ulong a, ulong b)
    {
        bool fe = false, fg = false;
        if (SoftFloat.IsInf(a) || SoftFloat.IsInf(b) || SoftFloat.IsZero(b))
        {
            fe = fg = true;
        }
        else
        {
            int ea = UnbiasedExp(a), eb = UnbiasedExp(b);
            if (SoftFloat.IsNaN(a) || SoftFloat.IsNaN(b)) fe = true;
            else if (eb <= -1022 || eb >= 1021) fe = true;
            else if (!SoftFloat.IsZero(a) && (ea - eb >= 1023 || ea - eb <= -1021 || ea <= -970)) fe = true;
            if (SoftFloat.IsDenormal(b)) fg = true;
        }
        return 8u | (fg ? 4u : 0u) | (fe ? 2u : 0u);
    }

    /// <summary>ftsqrt/xstsqrtdp.</summary>
    public static uint TestSqrt(ulong b)
    {
        bool fe = false, fg = false;
        if (SoftFloat.IsInf(b) || SoftFloat.IsZero(b))
        {
            fe = fg = true;
        }
        else
        {
            if (SoftFloat.IsNaN(b) || SoftFloat.IsNeg(b) || UnbiasedExp(b) <= -1022 + 52) fe = true;
            if (SoftFloat.IsDenormal(b)) fg = true;
        }
        return 8u | (fg ? 4u : 0u) | (fe ? 2u : 0u);
    }
}
