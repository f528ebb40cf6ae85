using PpcSim.Core;

namespace PpcSim.Core.Tests;

/// <summary>What one case leaves behind: target VSR, FPSCR (as mffs reads it), CR, and r5.</summary>
public readonly record struct FpResult(Vec128 T, ulong Fpscr, uint Cr, ulong R5)
{
    public override string ToString() => $"T={T.Dw0:x16}:{T.Dw1:x16} fpscr={Fpscr:x8} cr={Cr:x8} r5={R5:x}";
}
