using PpcSim.Core;

namespace PpcSim.Core.Tests;

/// <summary>
/// One floating-point differential case: an instruction word whose operands are VSRs
/// <see cref="RegBase"/>+0..3 (A, B, C, T; FPRs are their doubleword 0), GPRs r6/r7 as inputs and
/// r5 as output, with the initial FPSCR (enables off, so no case traps).
/// </summary>
public sealed record FpCase(uint Word, Vec128 A, Vec128 B, Vec128 C, Vec128 T, ulong Fpscr, ulong R6, ulong R7, int RegBase, string Family);
