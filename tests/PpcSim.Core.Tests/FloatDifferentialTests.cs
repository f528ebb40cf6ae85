using PpcSim.Core;
using PpcSim.Isa;

namespace PpcSim.Core.Tests;

/// <summary>
/// Scalar floating-point instructions (ISA chapter 4) against qemu-ppc64le, bit for bit: the
/// target FPR, the whole FPSCR and CR, over seeded special, boundary and random operands in all
/// four rounding modes, with and without sticky bits already set.
/// </summary>
public class FloatDifferentialTests
{
    private const int PerFamily = 260;
    private static readonly HashSet<string> s_names = IsaTable.Specs.Select(s => s.Name).ToHashSet();

    private static FpCase Case(FpOperands g, string name, ulong a, ulong b, ulong c, Func<string, long, long>? fix = null, ulong? fpscr = null)
    {
        string n = s_names.Contains(name + ".") && g.Chance(0.5) ? name + "." : name;
        uint w = FpDiff.Encode(n, 1, g, fix);
        return new FpCase(w, new Vec128(a, g.Bits64()), new Vec128(b, g.Bits64()), new Vec128(c, g.Bits64()), new Vec128(g.Bits64(), g.Bits64()),
            fpscr ?? g.Fpscr(), 0, 0, 1, name);
    }

    private static ulong Second(FpOperands g, ulong a) => g.Chance(0.3) ? g.Near(a) : g.Double();

    public static List<FpCase> ScalarCases(int seed)
    {
        var g = new FpOperands(seed);
        var cases = new List<FpCase>();
        void Add(string name, Func<FpCase> make)
        {
            for (int i = 0; i < PerFamily; i++) cases.Add(make());
        }
        foreach (var op in new[] { "fadd", "fsub", "fmul", "fdiv", "fadds", "fsubs", "fmuls", "fdivs", "fcpsgn", "fcmpu", "fcmpo", "ftdiv" })
            Add(op, () => { ulong a = g.Double(), b = Second(g, a); return Case(g, op, a, b, g.Chance(0.5) ? b : g.Double()); });
        foreach (var op in new[] { "fmadd", "fmsub", "fnmadd", "fnmsub", "fmadds", "fmsubs", "fnmadds", "fnmsubs" })
            Add(op, () =>
            {
                ulong a = g.Double(), c = g.Double();
                ulong b = g.Chance(0.3)
                    ? (ulong)BitConverter.DoubleToInt64Bits(-(BitConverter.Int64BitsToDouble((long)a) * BitConverter.Int64BitsToDouble((long)c)))
                    : Second(g, a);
                if (g.Chance(0.1)) b ^= 1;
                // QEMU negates fnm* results before rounding; the ISA (and PpcSim) after, so they
                // differ by an ulp in the directed modes: compare fnm* under RN and RZ only.
                ulong? fpscr = op.StartsWith("fnm", StringComparison.Ordinal) ? g.Fpscr() & ~2UL : null;
                return Case(g, op, a, b, c, fpscr: fpscr);
            });
        foreach (var op in new[] { "fsqrt", "fsqrts", "frsqrte", "frsqrtes" })
            Add(op, () => { ulong b = g.Double(); if (g.Chance(0.6)) b &= ~SoftFloat.SignBit; return Case(g, op, 0, b, 0); });
        foreach (var op in new[] { "fre", "fres", "frsp", "frin", "friz", "frip", "frim", "fctiw", "fctiwz", "fctiwu", "fctiwuz",
                     "fctid", "fctidz", "fctidu", "fctiduz", "fmr", "fneg", "fabs", "fnabs", "ftsqrt" })
            Add(op, () => Case(g, op, g.Double(), g.Double(), g.Double()));
        foreach (var op in new[] { "fcfid", "fcfids", "fcfidu", "fcfidus" })
            Add(op, () => Case(g, op, 0, g.Integer(), 0));
        foreach (var op in new[] { "fsel", "fmrgew", "fmrgow" })
            Add(op, () => Case(g, op, g.Double(), g.Double(), g.Double()));
        foreach (var op in new[] { "mffs", "mffsce", "mffsl", "mffscrn", "mffscrni", "mffscdrn", "mffscdrni", "mcrfs" })
            Add(op, () => Case(g, op, 0, g.Bits64(), 0));
        // FPSCR writes never turn on an exception enable (or NI): QEMU user mode would deliver SIGFPE.
        Add("mtfsf", () => Case(g, "mtfsf", 0, g.Bits64() & ~0xFCUL, 0));
        Add("mtfsfi", () => Case(g, "mtfsfi", 0, 0, 0, (f, v) => f == "fu" ? v & 3 : f == "fbf" && v == 6 ? 5 : v));
        Add("mtfsb0", () => Case(g, "mtfsb0", 0, 0, 0));
        Add("mtfsb1", () => Case(g, "mtfsb1", 0, 0, 0, (f, v) => f == "fbt" && v >= 24 && v <= 29 ? v - 8 : v));
        return cases;
    }

    [Fact]
    public void ScalarFloatMatchesQemu() => FpDiff.Check(ScalarCases(FpDiff.Seed(20240601)));
}
