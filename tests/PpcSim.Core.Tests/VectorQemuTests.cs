using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PpcSim.TestSupport;

namespace PpcSim.Core.Tests;

/// <summary>
/// VMX and VSX (non-FP) semantics against qemu-ppc64le, bit for bit: every op runs on seeded random
/// inputs plus edge values, in one static program per group (see <see cref="VectorCaseProgram"/>).
/// Results compared: the target vector, VSCR, CR6, one GPR and a 48-byte memory area.
/// </summary>
public partial class VectorQemuTests
{
    private const int CasesPerOp = 12;

    // Template syntax: registers are plain numbers (v10-v13 hold A, B, C, T; as VSRs 42-45);
    // ';' separates instructions; {name} is a random immediate (see Imm); r5 / r6 come from the
    // input table and are drawn by the op's R5 / R6 range.
    private sealed record OpCase(string Template, int R5Max = -1, int R6Kind = 0);

    private static readonly string[] s_vx3 =
    [
        "vaddubm", "vadduhm", "vadduwm", "vaddudm", "vadduqm", "vaddcuq", "vaddcuw", "vaddubs", "vadduhs", "vadduws",
        "vaddsbs", "vaddshs", "vaddsws", "vsububm", "vsubuhm", "vsubuwm", "vsubudm", "vsubuqm", "vsubcuq", "vsubcuw",
        "vsububs", "vsubuhs", "vsubuws", "vsubsbs", "vsubshs", "vsubsws", "vavgub", "vavguh", "vavguw", "vavgsb", "vavgsh",
        "vavgsw", "vmaxub", "vmaxuh", "vmaxuw", "vmaxud", "vmaxsb", "vmaxsh", "vmaxsw", "vmaxsd", "vminub", "vminuh",
        "vminuw", "vminud", "vminsb", "vminsh", "vminsw", "vminsd", "vabsdub", "vabsduh", "vabsduw", "vand", "vandc", "vor",
        "vorc", "vxor", "vnor", "vnand", "veqv", "vrlb", "vrlh", "vrlw", "vrld", "vslb", "vslh", "vslw", "vsld", "vsrb",
        "vsrh", "vsrw", "vsrd", "vsrab", "vsrah", "vsraw", "vsrad", "vrlwmi", "vrlwnm", "vrldnm", "vsl", "vsr",
        "vslo", "vsro", "vslv", "vsrv", "vmrghb", "vmrghh", "vmrghw", "vmrglb", "vmrglh", "vmrglw", "vmrgew", "vmrgow",
        "vpkuhum", "vpkuwum", "vpkudum", "vpkuhus", "vpkuwus", "vpkudus", "vpkshus", "vpkswus", "vpksdus", "vpkshss",
        "vpkswss", "vpksdss", "vpkpx", "vmuleub", "vmuleuh", "vmuleuw", "vmulesb", "vmulesh", "vmulesw", "vmuloub",
        "vmulouh", "vmulouw", "vmulosb", "vmulosh", "vmulosw", "vmuluwm", "vsumsws", "vsum2sws", "vsum4sbs", "vsum4shs",
        "vsum4ubs", "vbpermq", "vbpermd", "vmul10euq", "vmul10ecuq",
    ];

    private static readonly string[] s_vcmp =
    [
        "vcmpequb", "vcmpequh", "vcmpequw", "vcmpequd", "vcmpneb", "vcmpneh", "vcmpnew", "vcmpnezb", "vcmpnezh", "vcmpnezw",
        "vcmpgtub", "vcmpgtuh", "vcmpgtuw", "vcmpgtud", "vcmpgtsb", "vcmpgtsh", "vcmpgtsw", "vcmpgtsd",
    ];

    private static readonly string[] s_vx2 =
    [
        "vupkhsb", "vupkhsh", "vupkhsw", "vupklsb", "vupklsh", "vupklsw", "vupkhpx", "vupklpx", "vclzb", "vclzh", "vclzw",
        "vclzd", "vctzb", "vctzh", "vctzw", "vctzd", "vpopcntb", "vpopcnth", "vpopcntw", "vpopcntd", "vnegw", "vnegd",
        "vprtybw", "vprtybd", "vprtybq", "vextsb2w", "vextsh2w", "vextsb2d", "vextsh2d", "vextsw2d", "vgbbd",
    ];

    private static readonly string[] s_va4 =
    [
        "vmhaddshs", "vmhraddshs", "vmladduhm", "vmsumudm", "vmsumubm", "vmsummbm", "vmsumuhm", "vmsumuhs", "vmsumshm",
        "vmsumshs", "vsel", "vperm", "vpermr", "vpermxor", "vaddeuqm", "vaddecuq", "vsubeuqm", "vsubecuq",
    ];

    private static IEnumerable<OpCase> IntegerOps()
    {
        foreach (var n in s_vx3) yield return new($"{n} 13,10,11");
        // vrldmi is left out: qemu 7.2 runs it as vrldnm (its vector expansion uses the
        // no-insert generator), while PpcSim follows the ISA (rotate, then insert under mask).
        foreach (var n in s_vcmp) { yield return new($"{n} 13,10,11"); yield return new($"{n}. 13,10,11"); }
        foreach (var n in s_vx2) yield return new($"{n} 13,11");
        foreach (var n in s_va4) yield return new($"{n} 13,10,11,12");
        yield return new("vmul10uq 13,10");
        yield return new("vmul10cuq 13,10");
        yield return new("vsldoi 13,10,11,{u4}");
        yield return new("vspltb 13,11,{u4}");
        yield return new("vsplth 13,11,{u3}");
        yield return new("vspltw 13,11,{u2}");
        yield return new("vspltisb 13,{s5}");
        yield return new("vspltish 13,{s5}");
        yield return new("vspltisw 13,{s5}");
        yield return new("vextractub 13,11,{x15}");
        yield return new("vextractuh 13,11,{x14}");
        yield return new("vextractuw 13,11,{x12}");
        yield return new("vextractd 13,11,{x8}");
        yield return new("vinsertb 13,11,{x15}");
        yield return new("vinserth 13,11,{x14}");
        yield return new("vinsertw 13,11,{x12}");
        yield return new("vinsertd 13,11,{x8}");
        yield return new("vextublx 8,5,11", R5Max: 15);
        yield return new("vextubrx 8,5,11", R5Max: 15);
        yield return new("vextuhlx 8,5,11", R5Max: 14);
        yield return new("vextuhrx 8,5,11", R5Max: 14);
        yield return new("vextuwlx 8,5,11", R5Max: 12);
        yield return new("vextuwrx 8,5,11", R5Max: 12);
        yield return new("vclzlsbb 8,11");
        yield return new("vctzlsbb 8,11");
        yield return new("maddhd 8,5,6,5");
        yield return new("maddhdu 8,5,6,5");
        yield return new("maddld 8,5,6,5");
        yield return new("vand 14,14,14;vspltisw 14,1;mtvscr 14;mfvscr 13");
    }

    private static IEnumerable<OpCase> LoadStoreOps()
    {
        foreach (var n in new[] { "lvx", "lvxl", "lvebx", "lvehx", "lvewx", "lvsl", "lvsr" }) yield return new($"{n} 13,7,5", R5Max: 31);
        foreach (var n in new[] { "stvx", "stvxl", "stvebx", "stvehx", "stvewx" }) yield return new($"{n} 13,7,5", R5Max: 31);
        foreach (var n in new[] { "lxvx", "lxvd2x", "lxvw4x", "lxvh8x", "lxvb16x", "lxvdsx", "lxvwsx", "lxsdx", "lxsiwax", "lxsiwzx", "lxsibzx", "lxsihzx", "lxsspx" })
        {
            yield return new($"{n} 45,7,5", R5Max: 31);
            yield return new($"xxlor 13,45,45;{n} 13,7,5;xxlor 45,13,13", R5Max: 31);
        }
        foreach (var n in new[] { "stxvx", "stxvd2x", "stxvw4x", "stxvh8x", "stxvb16x", "stxsdx", "stxsiwx", "stxsibx", "stxsihx", "stxsspx" })
        {
            yield return new($"{n} 45,7,5", R5Max: 31);
            yield return new($"xxlor 13,45,45;{n} 13,7,5", R5Max: 31);
        }
        foreach (var n in new[] { "lxvl", "lxvll", "stxvl", "stxvll" }) yield return new($"add 7,7,5;{n} 45,7,6", R5Max: 15, R6Kind: 1);
        yield return new("lxsd 13,{ds}(7)");
        yield return new("lxssp 13,{ds}(7)");
        yield return new("stxsd 13,{ds}(7)");
        yield return new("stxssp 13,{ds}(7)");
        yield return new("lxv 45,{dq}(7)");
        yield return new("lxv 13,{dq}(7);xxlor 45,13,13");
        yield return new("stxv 45,{dq}(7)");
        yield return new("xxlor 13,45,45;stxv 13,{dq}(7)");
    }

    private static IEnumerable<OpCase> VsxOps()
    {
        foreach (var n in new[] { "xxland", "xxlandc", "xxlor", "xxlxor", "xxlnor", "xxlorc", "xxlnand", "xxleqv", "xxmrghw", "xxmrglw", "xxperm", "xxpermr" })
        {
            yield return new($"{n} 45,42,43");
            yield return new($"xxlor 10,42,42;xxlor 11,43,43;xxlor 13,45,45;{n} 13,10,11;xxlor 45,13,13");
        }
        yield return new("xxsel 45,42,43,44");
        yield return new("xxpermdi 45,42,43,{u2}");
        yield return new("xxpermdi 45,42,42,{u2}");
        yield return new("xxsldwi 45,42,43,{u2}");
        yield return new("xxspltw 45,43,{u2}");
        yield return new("xxspltib 45,{imm8}");
        yield return new("xxextractuw 45,43,{x12}");
        yield return new("xxinsertw 45,43,{x12}");
        foreach (var n in new[] { "xxbrh", "xxbrw", "xxbrd", "xxbrq" }) yield return new($"{n} 45,43");
        yield return new("mtvsrd 45,5");
        yield return new("xxlor 13,45,45;mtvsrd 13,5;xxlor 45,13,13");
        yield return new("mtvsrwa 45,5");
        yield return new("xxlor 13,45,45;mtvsrwa 13,5;xxlor 45,13,13");
        yield return new("mtvsrwz 45,5");
        yield return new("xxlor 13,45,45;mtvsrwz 13,5;xxlor 45,13,13");
        yield return new("mfvsrd 8,42");
        yield return new("xxlor 13,42,42;mfvsrd 8,13");
        yield return new("mfvsrwz 8,42");
        yield return new("mfvsrld 8,42");
        yield return new("xxlor 13,42,42;mfvsrld 8,13");
        yield return new("mtvsrdd 45,5,6");
        yield return new("mtvsrdd 45,0,6");
        yield return new("mtvsrws 45,5");
    }

    // vexptefp/vlogefp are estimates: qemu computes them with softfloat's own exp2/log2, which
    // PpcSim does not reproduce bit for bit, so they are not compared here.
    private static IEnumerable<OpCase> FloatAndCryptoOps()
    {
        foreach (var n in new[] { "vaddfp", "vsubfp", "vmaxfp", "vminfp" }) yield return new($"{n} 13,10,11");
        foreach (var n in new[] { "vcmpeqfp", "vcmpgefp", "vcmpgtfp", "vcmpbfp" }) { yield return new($"{n} 13,10,11"); yield return new($"{n}. 13,10,11"); }
        foreach (var n in new[] { "vmaddfp", "vnmsubfp" }) yield return new($"{n} 13,10,11,12");
        foreach (var n in new[] { "vrefp", "vrsqrtefp", "vrfin", "vrfiz", "vrfip", "vrfim" }) yield return new($"{n} 13,11");
        foreach (var n in new[] { "vcfsx", "vcfux", "vctsxs", "vctuxs" }) yield return new($"{n} 13,11,{{u5}}");
        foreach (var n in new[] { "vcipher", "vcipherlast", "vncipher", "vncipherlast", "vpmsumb", "vpmsumh", "vpmsumw", "vpmsumd" }) yield return new($"{n} 13,10,11");
        yield return new("vsbox 13,10");
        yield return new("vshasigmaw 13,10,{st},{six}");
        yield return new("vshasigmad 13,10,{st},{six}");
    }

    [Fact]
    public void FloatAndCryptoOpsMatchQemu() => Check("vfp", FloatAndCryptoOps(), 4);

    [Fact]
    public void IntegerOpsMatchQemu() => Check("vint", IntegerOps(), 1);

    [Fact]
    public void LoadsAndStoresMatchQemu() => Check("vldst", LoadStoreOps(), 2);

    [Fact]
    public void VsxOpsMatchQemu() => Check("vsx", VsxOps(), 3);

    private static void Check(string name, IEnumerable<OpCase> ops, int seed)
    {
        var rng = new System.Random(4242 + seed);
        var prog = new VectorCaseProgram();
        foreach (var op in ops)
            for (int k = 0; k < CasesPerOp; k++)
                prog.Add(Instantiate(op, rng), Input(op, rng, k));
        var dir = Tools.TempDir(name);
        try
        {
            var (qemu, sim, err) = prog.Run(dir, name);
            Assert.True(err.Length == 0, "PpcSim: " + err + Describe(prog, sim));
            Assert.Equal(prog.Count * VectorCaseProgram.OutSize, qemu.Length);
            var failures = new List<string>();
            for (int i = 0; i < prog.Count; i++)
            {
                var q = qemu.AsSpan(i * VectorCaseProgram.OutSize, VectorCaseProgram.OutSize);
                var s = sim.Length >= (i + 1) * VectorCaseProgram.OutSize ? sim.AsSpan(i * VectorCaseProgram.OutSize, VectorCaseProgram.OutSize) : [];
                if (!q.SequenceEqual(s)) failures.Add(Diff(prog[i].Text, prog[i].Input, q, s));
            }
            Assert.True(failures.Count == 0, $"{failures.Count} of {prog.Count} cases differ from qemu:\n" + string.Join("\n", failures.Take(40)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Describe(VectorCaseProgram prog, byte[] sim) =>
        $" after {sim.Length / VectorCaseProgram.OutSize} complete cases (next: '{(sim.Length / VectorCaseProgram.OutSize < prog.Count ? prog[sim.Length / VectorCaseProgram.OutSize].Text : "-")}')";

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex ImmRegex();

    private static string Instantiate(OpCase op, System.Random rng) => ImmRegex().Replace(op.Template, m => m.Groups[1].Value switch
    {
        "u2" => rng.Next(4).ToString(CultureInfo.InvariantCulture),
        "u3" => rng.Next(8).ToString(CultureInfo.InvariantCulture),
        "u4" => rng.Next(16).ToString(CultureInfo.InvariantCulture),
        "u5" => rng.Next(32).ToString(CultureInfo.InvariantCulture),
        "s5" => (rng.Next(32) - 16).ToString(CultureInfo.InvariantCulture),
        "imm8" => rng.Next(256).ToString(CultureInfo.InvariantCulture),
        "st" => rng.Next(2).ToString(CultureInfo.InvariantCulture),
        "six" => rng.Next(16).ToString(CultureInfo.InvariantCulture),
        "ds" => (4 * rng.Next(9)).ToString(CultureInfo.InvariantCulture),
        "dq" => (16 * rng.Next(3)).ToString(CultureInfo.InvariantCulture),
        var x when x.StartsWith('x') => rng.Next(int.Parse(x[1..], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture),
        var other => throw new InvalidOperationException("unknown immediate {" + other + "}"),
    });

    private static readonly uint[] s_edgeWords =
    [
        0, 0xffffffff, 0x80000000, 0x7fffffff, 1, 0x7f7f7f7f, 0x80808080, 0x00ff00ff, 0x8000ffff, 0x01010101,
        0x3f800000, 0xbf800000, 0x80000000, 0x00000001, 0x807fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001,
        0x4b000000, 0xcf000000, 0x4f000000, 0x00800000, 0x7f7fffff,
    ];

    private static byte[] Input(OpCase op, System.Random rng, int k)
    {
        var b = new byte[VectorCaseProgram.InSize];
        rng.NextBytes(b);
        // Vector words (A, B, C, T): mostly random, some edge values; case 0 of every op is all edges.
        for (int i = 0; i < 16; i++)
        {
            if (k == 0 || rng.Next(3) == 0)
                BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4 * i), s_edgeWords[rng.Next(s_edgeWords.Length)]);
        }
        // Vectors are loaded with lvx, so in little-endian memory the ISA's byte 0 is at offset 15.
        for (int v = 0; v < 4; v++) b.AsSpan(16 * v, 16).Reverse();
        // VSCR: NJ and SAT drawn at random.
        b.AsSpan(64, 16).Clear();
        b[64] = (byte)rng.Next(2);            // SAT (VSCR bit 31: byte 0 of the little-endian quadword)
        b[66] = (byte)rng.Next(2);            // NJ (bit 15)
        if (op.R5Max >= 0) BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(80), (ulong)rng.Next(op.R5Max + 1));
        if (op.R6Kind == 1) BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(88), ((ulong)rng.Next(18) << 56) | (ulong)(uint)rng.Next());
        return b;
    }

    private static string Diff(string text, byte[] input, ReadOnlySpan<byte> q, ReadOnlySpan<byte> s)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"  {text}: A={Vec(input, 0)} B={Vec(input, 16)} C={Vec(input, 32)} T={Vec(input, 48)} vscr={(uint)input[64] | ((uint)input[66] << 16):x} r5={BinaryPrimitives.ReadUInt64LittleEndian(input.AsSpan(80)):x} r6={BinaryPrimitives.ReadUInt64LittleEndian(input.AsSpan(88)):x}\n");
        if (s.Length == 0) return sb.Append("    (no PpcSim output)").ToString();
        string[] names = ["vt", "vscr", "cr6/r8", "mem0", "mem1", "mem2"];
        for (int i = 0; i < 6; i++)
        {
            var qa = q.Slice(16 * i, 16);
            var sa = s.Slice(16 * i, 16);
            if (!qa.SequenceEqual(sa))
                sb.Append(CultureInfo.InvariantCulture, $"    {names[i]}: qemu {Hex(qa)} ppcsim {Hex(sa)}\n");
        }
        return sb.ToString().TrimEnd();
    }

    private static string Vec(byte[] b, int off)
    {
        var t = b.AsSpan(off, 16).ToArray();
        Array.Reverse(t);
        return Convert.ToHexString(t).ToLowerInvariant();
    }

    /// <summary>A 16-byte little-endian quadword as the ISA's 128-bit value (byte 0 first).</summary>
    private static string Hex(ReadOnlySpan<byte> b)
    {
        var t = b.ToArray();
        Array.Reverse(t);
        return Convert.ToHexString(t).ToLowerInvariant();
    }
}
