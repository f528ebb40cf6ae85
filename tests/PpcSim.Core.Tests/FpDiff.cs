using PpcSim.Core;
using PpcSim.Isa;

namespace PpcSim.Core.Tests;

/// <summary>Builds cases from instruction names and compares PpcSim with qemu-ppc64le.</summary>
public static class FpDiff
{
    private static readonly Dictionary<string, InsnSpec> s_byName = IsaTable.Specs.Skip(1).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First());

    /// <summary>The word for <paramref name="name"/> with A/B/C/T at VSR regBase+0..3, r5 out, r6/r7 in, other fields random.</summary>
    public static uint Encode(string name, int regBase, FpOperands g, Func<string, long, long>? fix = null)
    {
        var spec = s_byName[name];
        uint w = spec.Match;
        foreach (var f in spec.FieldNames)
        {
            var fi = IsaTable.FieldByName(f);
            long v = f switch
            {
                "frt" or "xt" or "vrt" => regBase + 3,
                "fra" or "xa" or "vra" => regBase,
                "frb" or "xb" or "vrb" => regBase + 1,
                "frc" or "xc" => regBase + 2,
                "bf" => g.Next(8),
                "bfa" => g.Next(8),
                "rt" => 5,
                "ra" => 6,
                "rb" => 7,
                _ => g.Next(1 << fi.Width) << fi.Scale,
            };
            if (fix != null) v = fix(f, v);
            if (!fi.TryInsert(ref w, v)) throw new InvalidOperationException($"{name}: {f}={v} does not fit");
        }
        return w;
    }

    /// <summary>
    /// Where QEMU knowingly departs from the ISA, PpcSim follows the ISA and the comparison ignores
    /// the bit: QEMU never sets FPSCR[FR] (fraction rounded), and sets FPSCR[FX] on every exception
    /// rather than only when an exception bit goes from 0 to 1 (ISA 4.2.2). FX also reaches CR1.
    /// </summary>
    public static FpResult QemuDeviations(FpCase k, FpResult r)
    {
        ulong fpscr = r.Fpscr & ~(ulong)(FpscrBits.FX | FpscrBits.FR);
        // QEMU leaves FPRF alone for fcfids, fcfidu and fcfidus (it sets it for fcfid).
        if (k.Family is "fcfids" or "fcfidu" or "fcfidus") fpscr &= ~(ulong)FpscrBits.FPRF;
        uint cr = r.Cr & ~0x0800_0000u;
        return r with { Fpscr = fpscr, Cr = cr };
    }

    public static void Check(List<FpCase> cases, Func<FpCase, FpResult, FpResult>? mask = null)
    {
        mask ??= QemuDeviations;
        var expected = QemuFpRunner.Run(cases);
        var actual = PpcSimFpRunner.Run(cases, out var faults);
        var failures = new List<string>();
        var perFamily = new Dictionary<string, int>();
        for (int i = 0; i < cases.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            if (mask != null) { e = mask(cases[i], e); a = mask(cases[i], a); }
            if (e == a) continue;
            var k = cases[i];
            perFamily[k.Family] = perFamily.GetValueOrDefault(k.Family) + 1;
            if (perFamily[k.Family] <= 3) failures.Add($"#{i} {Disassembler.Disassemble(k.Word, 0)}  A={k.A.Dw0:x16}:{k.A.Dw1:x16} B={k.B.Dw0:x16}:{k.B.Dw1:x16} C={k.C.Dw0:x16}:{k.C.Dw1:x16} fpscr0={k.Fpscr:x8} r6={k.R6:x}\n      qemu   {e}\n      ppcsim {a}");
        }
        string summary = string.Join(", ", perFamily.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}:{kv.Value}"));
        Assert.True(failures.Count == 0 && faults.Count == 0,
            $"{failures.Count} of {cases.Count} cases differ ({summary}); {faults.Count} faults {string.Join("; ", faults.Take(10))}\n" + string.Join("\n", failures.Take(40)));
    }
}
