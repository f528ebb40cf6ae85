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

    /// <summary>ftdiv/xstdivdp: CR field 0b1000 | FG &lt;&lt; 2 | FE &lt;&lt; 1 (ISA 4.6.8).</summary>
    public static uint TestDivide(ulong a, ulong b) => TestDivide(a, b, 11, 52);

    /// <summary>ftsqrt/xstsqrtdp.</summary>
    public static uint TestSqrt(ulong b) => TestSqrt(b, 11, 52);

    /// <summary>Single-precision element tests of xvtdivsp/xvtsqrtsp (binary32 patterns).</summary>
    public static uint TestDivideSingle(uint a, uint b) => TestDivide(a, b, 8, 23);
    public static uint TestSqrtSingle(uint b) => TestSqrt(b, 8, 23);

    private readonly record struct Fmt(int ExpBits, int FracBits)
    {
        public int Bias => (1 << (ExpBits - 1)) - 1;
        public int MaxExp => (1 << ExpBits) - 1;
        public int Exp(ulong x) => (int)((x >> FracBits) & (ulong)MaxExp);
        public ulong Frac(ulong x) => x & ((1UL << FracBits) - 1);
        public bool Neg(ulong x) => ((x >> (FracBits + ExpBits)) & 1) != 0;
        public bool IsNaN(ulong x) => Exp(x) == MaxExp && Frac(x) != 0;
        public bool IsInf(ulong x) => Exp(x) == MaxExp && Frac(x) == 0;
        public bool IsZero(ulong x) => Exp(x) == 0 && Frac(x) == 0;
        public bool IsDenormal(ulong x) => Exp(x) == 0 && Frac(x) != 0;
        public int Unbiased(ulong x) => Exp(x) - Bias;
    }

    /// <summary>
    /// The divide test of a format with the given field widths: emin = 1 - bias, emax = bias,
    /// FE for operands a divide estimate-and-refine sequence cannot handle (ISA 4.6.8, 7.6.1).
    /// </summary>
    private static uint TestDivide(ulong a, ulong b, int expBits, int fracBits)
    {
        var f = new Fmt(expBits, fracBits);
        int emin = 1 - f.Bias, emax = f.Bias;
        bool fe = false, fg = false;
        if (f.IsInf(a) || f.IsInf(b) || f.IsZero(b))
        {
            fe = fg = true;
        }
        else
        {
            int ea = f.Unbiased(a), eb = f.Unbiased(b);
            if (f.IsNaN(a) || f.IsNaN(b)) fe = true;
            else if (eb <= emin || eb >= emax - 2) fe = true;
            else if (!f.IsZero(a) && (ea - eb >= emax || ea - eb <= emin + 1 || ea <= emin + fracBits)) fe = true;
            if (f.IsDenormal(b)) fg = true;
        }
        return 8u | (fg ? 4u : 0u) | (fe ? 2u : 0u);
    }

    private static uint TestSqrt(ulong b, int expBits, int fracBits)
    {
        var f = new Fmt(expBits, fracBits);
        int emin = 1 - f.Bias;
        bool fe = false, fg = false;
        if (f.IsInf(b) || f.IsZero(b))
        {
            fe = fg = true;
        }
        else
        {
            if (f.IsNaN(b) || f.Neg(b) || f.Unbiased(b) <= emin + fracBits) fe = true;
            if (f.IsDenormal(b)) fg = true;
        }
        return 8u | (fg ? 4u : 0u) | (fe ? 2u : 0u);
    }
}
