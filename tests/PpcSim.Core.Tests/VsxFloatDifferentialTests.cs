using PpcSim.Core;
using PpcSim.Isa;

namespace PpcSim.Core.Tests;

/// <summary>
/// VSX floating-point instructions (ISA 7.6) against qemu-ppc64le: full 128-bit targets, FPSCR
/// and CR (CR6 for the record compares), operands in VSRs 1-4 or 33-36.
/// </summary>
public class VsxFloatDifferentialTests
{
    private const int PerFamily = 150;
    private static readonly HashSet<string> s_names = IsaTable.Specs.Select(s => s.Name).ToHashSet();

    private static Vec128 Dp(FpOperands g) => new(g.Double(), g.Double());

    private static Vec128 SpVec(FpOperands g)
    {
        var v = default(Vec128);
        for (int i = 0; i < 4; i++) v.SetWord(i, g.Chance(0.5) ? g.Single32() : SoftFloat.ToSingleBits(SoftFloat.RoundToSingle(g.Double(), 0, ref Unsafe.Dummy)));
        return v;
    }

    private static FpCase Case(FpOperands g, string name, Vec128 a, Vec128 b, Vec128 t, ulong? fpscr = null, ulong r6 = 0, ulong r7 = 0)
    {
        string n = s_names.Contains(name + ".") && g.Chance(0.5) ? name + "." : name;
        int regBase = g.Chance(0.5) ? 1 : 33;
        uint w = FpDiff.Encode(n, regBase, g);
        return new FpCase(w, a, b, new Vec128(g.Bits64(), g.Bits64()), t, fpscr ?? g.Fpscr(), r6, r7, regBase, name);
    }

    public static List<FpCase> VsxCases(int seed)
    {
        var g = new FpOperands(seed);
        var cases = new List<FpCase>();
        void Add(string name, Func<FpCase> make)
        {
            for (int i = 0; i < PerFamily; i++) cases.Add(make());
        }
        ulong? NoDirected(string op) => op.Contains("nm", StringComparison.Ordinal) ? g.Fpscr() & ~2UL : null;
        foreach (var op in new[] { "xsadddp", "xssubdp", "xsmuldp", "xsdivdp", "xsaddsp", "xssubsp", "xsmulsp", "xsdivsp",
                     "xsmaddadp", "xsmaddmdp", "xsmsubadp", "xsmsubmdp", "xsnmaddadp", "xsnmaddmdp", "xsnmsubadp", "xsnmsubmdp",
                     "xsmaddasp", "xsmaddmsp", "xsmsubasp", "xsmsubmsp", "xsnmaddasp", "xsnmaddmsp", "xsnmsubasp", "xsnmsubmsp",
                     "xssqrtdp", "xssqrtsp", "xsredp", "xsresp", "xsrsqrtedp", "xsrsqrtesp", "xsabsdp", "xsnabsdp", "xsnegdp", "xscpsgndp",
                     "xscmpudp", "xscmpodp", "xscmpeqdp", "xscmpgtdp", "xscmpgedp", "xsrsp", "xscvdpsp", "xscvdpspn",
                     "xscvdpsxds", "xscvdpuxds", "xscvdpsxws", "xscvdpuxws", "xsrdpi", "xsrdpic", "xsrdpim", "xsrdpip", "xsrdpiz",
                     "xstdivdp", "xstsqrtdp", "xsxexpdp", "xsxsigdp",
                     "xvadddp", "xvsubdp", "xvmuldp", "xvdivdp", "xvsqrtdp", "xvredp", "xvrsqrtedp",
                     "xvmaddadp", "xvmaddmdp", "xvmsubadp", "xvmsubmdp", "xvnmaddadp", "xvnmaddmdp", "xvnmsubadp", "xvnmsubmdp",
                     "xvabsdp", "xvnabsdp", "xvnegdp", "xvcpsgndp", "xvcmpeqdp", "xvcmpgtdp", "xvcmpgedp", "xvcvdpsp",
                     "xvrdpi", "xvrdpic", "xvrdpim", "xvrdpip", "xvrdpiz" })
            Add(op, () => { var a = Dp(g); var b = g.Chance(0.3) ? new Vec128(g.Near(a.Dw0), g.Near(a.Dw1)) : Dp(g); return Case(g, op, a, b, Dp(g), NoDirected(op)); });
        foreach (var op in new[] { "xscvspdp", "xscvspdpn", "xvaddsp", "xvsubsp", "xvmulsp", "xvdivsp", "xvsqrtsp", "xvresp", "xvrsqrtesp",
                     "xvmaddasp", "xvmaddmsp", "xvmsubasp", "xvmsubmsp", "xvnmaddasp", "xvnmaddmsp", "xvnmsubasp", "xvnmsubmsp",
                     "xvabssp", "xvnabssp", "xvnegsp", "xvcpsgnsp", "xvcmpeqsp", "xvcmpgtsp", "xvcmpgesp", "xvcvspdp",
                     "xvrspi", "xvrspic", "xvrspim", "xvrspip", "xvrspiz" })
            Add(op, () => Case(g, op, SpVec(g), SpVec(g), SpVec(g), NoDirected(op)));
        foreach (var op in new[] { "xscvsxddp", "xscvuxddp", "xscvsxdsp", "xscvuxdsp" })
            Add(op, () => Case(g, op, Dp(g), new Vec128(g.Integer(), g.Integer()), Dp(g)));
        Add("xsiexpdp", () => Case(g, "xsiexpdp", Dp(g), Dp(g), Dp(g), null, g.Bits64(), g.Bits64()));
        return cases;
    }

    private static Vec128 Words(Func<uint> f)
    {
        var v = default(Vec128);
        for (int i = 0; i < 4; i++) v.SetWord(i, f());
        return v;
    }

    /// <summary>A pair that max/min find interesting: equal, opposite zeros, near, or unrelated.</summary>
    private static Vec128 Partner(FpOperands g, Vec128 a, bool single)
    {
        int k = g.Next(10);
        if (k == 0) return a;
        if (k == 1) return new Vec128(a.Dw0 ^ (single ? 0x8000_0000_8000_0000UL : SoftFloat.SignBit), a.Dw1 ^ (single ? 0x8000_0000_8000_0000UL : SoftFloat.SignBit));
        if (k < 4 && !single) return new Vec128(g.Near(a.Dw0), g.Near(a.Dw1));
        return single ? SpVec(g) : Dp(g);
    }

    /// <summary>The ISA 3.0 VSX additions and the remaining vector conversions and tests.</summary>
    public static List<FpCase> Vsx30Cases(int seed)
    {
        var g = new FpOperands(seed);
        var cases = new List<FpCase>();
        void Add(string name, Func<FpCase> make)
        {
            for (int i = 0; i < PerFamily; i++) cases.Add(make());
        }
        foreach (var op in new[] { "xsmaxdp", "xsmindp", "xsmaxcdp", "xsmincdp", "xsmaxjdp", "xsminjdp", "xvmaxdp", "xvmindp",
                     "xscmpexpdp", "xststdcdp", "xststdcsp", "xvtstdcdp", "xvtdivdp", "xvtsqrtdp", "xvxexpdp", "xvxsigdp", "xviexpdp",
                     "xvcvdpsxws", "xvcvdpuxws", "xvcvdpsxds", "xvcvdpuxds" })
            Add(op, () => { var a = Dp(g); return Case(g, op, a, Partner(g, a, false), Dp(g)); });
        foreach (var op in new[] { "xvmaxsp", "xvminsp", "xvtstdcsp", "xvtdivsp", "xvtsqrtsp", "xvxexpsp", "xvxsigsp", "xviexpsp",
                     "xvcvspsxws", "xvcvspuxws", "xvcvspsxds", "xvcvspuxds" })
            Add(op, () => { var a = SpVec(g); return Case(g, op, a, Partner(g, a, true), SpVec(g)); });
        foreach (var op in new[] { "xvcvsxwdp", "xvcvuxwdp", "xvcvsxddp", "xvcvuxddp", "xvcvsxwsp", "xvcvuxwsp", "xvcvsxdsp", "xvcvuxdsp" })
            Add(op, () => Case(g, op, Dp(g), g.Chance(0.5) ? new Vec128(g.Integer(), g.Integer()) : Words(() => (uint)g.Integer()), Dp(g)));
        Add("xscvhpdp", () => Case(g, "xscvhpdp", Dp(g), new Vec128((g.Bits64() & ~0xffffUL) | g.Half(), g.Bits64()), Dp(g)));
        Add("xvcvhpsp", () => Case(g, "xvcvhpsp", Dp(g), Words(() => ((uint)g.Next(0x10000) << 16) | g.Half()), Dp(g)));
        Add("xscvdphp", () => Case(g, "xscvdphp", Dp(g), new Vec128(g.HalfRangeDouble(), g.Bits64()), Dp(g)));
        Add("xvcvsphp", () => Case(g, "xvcvsphp", Dp(g), Words(() => SpOf(g.HalfRangeDouble())), Dp(g)));
        return cases;
    }

    private static uint SpOf(ulong d) => SoftFloat.ToSingleBits(SoftFloat.RoundToSingle(d, 0, ref Unsafe.Dummy));

    [Fact]
    public void Vsx30FloatMatchesQemu() => FpDiff.Check(Vsx30Cases(FpDiff.Seed(3003)));

    [Fact]
    public void VsxFloatMatchesQemu() => FpDiff.Check(VsxCases(FpDiff.Seed(777)));
}
