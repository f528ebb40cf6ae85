using Gee.External.Capstone;
using Gee.External.Capstone.PowerPc;

namespace PpcSim.Isa.Tests;

/// <summary>
/// A third opinion from Capstone 4 (Gee.External.Capstone), for what it can decode: it does not
/// know ISA 3.0 (lxv/stxv, doorbells, many POWER9 additions), so words it rejects are not
/// compared. Where it decodes a word, its mnemonic must name the same instruction as PpcSim's:
/// equal to PpcSim's printed mnemonic or the base mnemonic, after Capstone's known spelling
/// differences (listed below with the reason).
/// </summary>
public class CapstoneCrossCheckTests
{
    /// <summary>Capstone spellings that differ from objdump's for the same instruction.</summary>
    private static readonly Dictionary<string, string> s_spelling = new(StringComparer.Ordinal)
    {
        // Capstone 4 uses the POWER name of cntlzw.
        ["cntlz"] = "cntlzw",
        ["cntlz."] = "cntlzw.",
        // bcctr with BO_2=0 (decrement CTR) is an invalid form per the ISA; objdump has no
        // extended names for it and prints bcctr, Capstone invents bdnzctr/bdzfctr.
        ["bdnzctr"] = "bcctr",
        ["bdzctr"] = "bcctr",
        ["bdnzfctr"] = "bcctr",
        ["bdzfctr"] = "bcctr",
        ["bdnztctr"] = "bcctr",
        ["bdztctr"] = "bcctr",
        ["bdnzctrl"] = "bcctrl",
        ["bdzctrl"] = "bcctrl",
        ["bdnzfctrl"] = "bcctrl",
        ["bdzfctrl"] = "bcctrl",
        ["bdnztctrl"] = "bcctrl",
        ["bdztctrl"] = "bcctrl",
        // X-form XO 978 is tlbld (603 software TLB load, what objdump -M power9 prints) and
        // tlbwe in Book E; Capstone 4 picks the Book E name.
        ["tlbwe"] = "tlbld",
    };

    /// <summary>Extended mnemonics by name, to accept Capstone choosing another alias of the same base.</summary>
    private static readonly ILookup<string, Op> s_aliasBases = IsaTable.Aliases.ToLookup(a => a.Name, a => a.BaseOp, StringComparer.Ordinal);

    [Fact]
    public void CapstoneAgreesWhereItDecodes()
    {
        using var cs = CapstoneDisassembler.CreatePowerPcDisassembler(PowerPcDisassembleMode.LittleEndian | PowerPcDisassembleMode.Bit64);
        var rng = new Random(4);
        int compared = 0, rejected = 0;
        var failures = new List<string>();
        var perOp = new HashSet<Op>();
        foreach (var s in IsaTable.Specs.Skip(1))
        {
            for (int k = 0; k < 8; k++)
            {
                uint w = s.Match | ((uint)rng.NextInt64(0, 1L << 32) & ~s.Mask);
                if (Decoder.Instance.Decode(w) != s.Op) continue;
                var insns = cs.Disassemble(BitConverter.GetBytes(w), 0x1000);
                if (insns.Length == 0) { rejected++; continue; }
                compared++;
                string theirs = insns[0].Mnemonic.TrimEnd('+', '-');
                theirs = s_spelling.GetValueOrDefault(theirs, theirs);
                string ours = Disassembler.Disassemble(w, 0x1000);
                // objdump refuses the word (reserved BO hint bits, a malformed FXM...) and so does
                // PpcSim's disassembler; Capstone is more lenient. Nothing to compare.
                if (ours.StartsWith(".long", StringComparison.Ordinal)) { rejected++; continue; }
                int sp = ours.IndexOf(' ');
                string oursMnem = (sp < 0 ? ours : ours[..sp]).TrimEnd('+', '-');
                if (theirs == oursMnem || theirs == s.Name || theirs == s.Name.TrimEnd('.')) continue;
                // Another extended mnemonic of the same instruction (Capstone names bc 26,4*cr7+gt
                // "bdz-": BI is ignored there, but objdump keeps it visible).
                if (s_aliasBases[theirs].Contains(s.Op)) continue;
                if (perOp.Add(s.Op)) failures.Add($"{w:x8} ({s.Source}): ppcsim '{ours}' capstone '{insns[0].Mnemonic} {insns[0].Operand}'");
            }
        }
        Assert.True(compared > 0, "Capstone decoded nothing");
        Assert.True(failures.Count == 0, $"{failures.Count} instructions where Capstone names another instruction ({compared} compared, {rejected} not decodable by Capstone):\n" + string.Join("\n", failures.Take(80)));
    }
}
