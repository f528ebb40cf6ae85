using PpcSim.Core;
using PpcSim.Isa;

namespace PpcSim.Core.Tests;

/// <summary>Builds cases from instruction names and compares PpcSim with qemu-ppc64le.</summary>
public static class FpDiff
{
    private static readonly Dictionary<string, InsnSpec> s_byName = IsaTable.Specs.Skip(1).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First());

    /// <summary>
    /// The operand seed: <paramref name="fixedSeed"/>, or PPCSIM_FP_SEED plus it when that is set
    /// (a local way to try other operands; the committed tests always use the fixed seeds).
    /// </summary>
    public static int Seed(int fixedSeed) =>
        int.TryParse(Environment.GetEnvironmentVariable("PPCSIM_FP_SEED"), out int s) ? unchecked(s + fixedSeed) : fixedSeed;

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
                "frt" or "xt" => regBase + 3,
                "fra" or "xa" => regBase,
                "frb" or "xb" => regBase + 1,
                // VR fields name VSR 32+n: the quad cases use regBase 33 (VSRs 33-36 = v1-v4).
                "vrt" => regBase - 32 + 3,
                "vra" => regBase - 32,
                "vrb" => regBase - 32 + 1,
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
    /// Runs the cases under QEMU and PpcSim and compares them after <see cref="QemuDeviations.Mask"/>.
    /// The masks get each case's own exceptions: the exception bits PpcSim raises for it from an
    /// FPSCR holding only the rounding mode (the sticky bits of the real run hide them).
    /// </summary>
    public static void Check(List<FpCase> cases)
    {
        var expected = QemuFpRunner.Run(cases);
        var actual = PpcSimFpRunner.Run(cases, out var faults);
        var clean = PpcSimFpRunner.Run(cases.Select(k => k with { Fpscr = k.Fpscr & FpscrBits.RN }).ToList(), out _);
        var failures = new List<string>();
        var perFamily = new Dictionary<string, int>();
        for (int i = 0; i < cases.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            uint own = (uint)clean[i].Fpscr & FpscrBits.Exceptions;
            e = QemuDeviations.Mask(cases[i], e, own);
            a = QemuDeviations.Mask(cases[i], a, own);
            if (e == a) continue;
            var k = cases[i];
            perFamily[k.Family] = perFamily.GetValueOrDefault(k.Family) + 1;
            if (perFamily[k.Family] <= 6) failures.Add($"#{i} {Disassembler.Disassemble(k.Word, 0)}  A={k.A.Dw0:x16}:{k.A.Dw1:x16} B={k.B.Dw0:x16}:{k.B.Dw1:x16} C={k.C.Dw0:x16}:{k.C.Dw1:x16} fpscr0={k.Fpscr:x8} r6={k.R6:x}\n      qemu   {e}\n      ppcsim {a}");
        }
        string summary = string.Join(", ", perFamily.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}:{kv.Value}"));
        Assert.True(failures.Count == 0 && faults.Count == 0,
            $"{failures.Count} of {cases.Count} cases differ ({summary}); {faults.Count} faults {string.Join("; ", faults.Take(10))}\n" + string.Join("\n", failures.Take(200)));
    }
}
