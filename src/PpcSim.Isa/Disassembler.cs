using System.Globalization;
using System.Text;

namespace PpcSim.Isa;

/// <summary>
/// Text for one instruction word, as <c>objdump -d -M power9</c> prints it: the first matching
/// extended mnemonic, the mnemonic padded to eight columns, operands by field kind.
/// </summary>
public static class Disassembler
{
    private static readonly string[] s_crBits = ["lt", "gt", "eq", "so"];

    /// <summary>Formats a branch target; the default is objdump's style for raw binaries (0x10).</summary>
    public static string Disassemble(uint word, ulong address, Func<ulong, string>? target = null)
    {
        Op op = Decoder.Instance.Decode(word);
        if (op == Op.Invalid) return ".long 0x" + word.ToString("x", CultureInfo.InvariantCulture);
        var spec = IsaTable.Get(op);
        string name = spec.Name, asm = spec.Asm;
        foreach (var alias in IsaTable.AliasesOf(op))
        {
            if (alias.AssemblerOnly || !alias.Matches(word)) continue;
            if (alias.IsInvalid) return ".long 0x" + word.ToString("x", CultureInfo.InvariantCulture);
            name = alias.Name;
            asm = alias.Asm;
            break;
        }
        return Format(name, asm, word, address, target);
    }

    public static string Format(string name, string asm, uint word, ulong address, Func<ulong, string>? target)
    {
        if (asm.Length == 0) return name;
        var operands = AsmTemplate.Parse(asm);
        // objdump omits an optional operand when it and every later optional operand are zero
        // ("tlbie rb,rs,2" keeps RIC but drops PRS and R; "cmpwi r3,5" drops a leading cr0;
        // "beqlr cr0,1" keeps cr0 because BH follows).
        int lastNonZeroOptional = -1;
        for (int i = 0; i < operands.Length; i++)
            if (operands[i].Optional && !operands[i].IsLiteral && IsaTable.FieldByName(operands[i].Field).Raw(word) != 0) lastNonZeroOptional = i;
        var sb = new StringBuilder(name);
        bool any = false;
        for (int i = 0; i < operands.Length; i++)
        {
            var o = operands[i];
            if (o.Optional && i > lastNonZeroOptional) continue;
            if (!any)
            {
                int pad = Math.Max(1, 8 - name.Length);
                sb.Append(' ', pad);
                any = true;
            }
            else sb.Append(',');
            if (o.IsLiteral) { sb.Append(o.Field); continue; }
            var field = IsaTable.FieldByName(o.Field);
            if (o.Negate) sb.Append(o.Shown(field.Value(word)).ToString(CultureInfo.InvariantCulture));
            else sb.Append(FormatOperand(field, word, address, target));
            if (o.Base is { } b) sb.Append('(').Append(FormatOperand(IsaTable.FieldByName(b), word, address, target)).Append(')');
        }
        return sb.ToString();
    }

    public static string FormatOperand(FieldInfo f, uint word, ulong address, Func<ulong, string>? target)
    {
        long v = f.Value(word);
        switch (f.Kind)
        {
            case "gpr": return "r" + v.ToString(CultureInfo.InvariantCulture);
            case "gpr0": return v == 0 ? "0" : "r" + v.ToString(CultureInfo.InvariantCulture);
            case "fpr": return "f" + v.ToString(CultureInfo.InvariantCulture);
            case "vr": return "v" + v.ToString(CultureInfo.InvariantCulture);
            case "vsr": return "vs" + v.ToString(CultureInfo.InvariantCulture);
            case "crf": return "cr" + v.ToString(CultureInfo.InvariantCulture);
            case "crb":
            case "bi":
                {
                    long cr = v >> 2;
                    string bit = s_crBits[v & 3];
                    return cr == 0 ? bit : "4*cr" + cr.ToString(CultureInfo.InvariantCulture) + "+" + bit;
                }
            case "brel":
                {
                    // I- and B-form targets: relative, or absolute when AA (bit 30) is set.
                    // objdump shows absolute targets as 32-bit values (ba 0xfffffff0), relative
                    // ones as full addresses.
                    ulong t = (word & 2) != 0 ? (ulong)v & 0xffffffffUL : address + (ulong)v;
                    return target?.Invoke(t) ?? "0x" + t.ToString("x", CultureInfo.InvariantCulture);
                }
            case "hex": return "0x" + v.ToString("x", CultureInfo.InvariantCulture);
            case "nb": return v == 0 ? "32" : v.ToString(CultureInfo.InvariantCulture); // lswi/stswi: NB=0 means 32 bytes
            default: return v.ToString(CultureInfo.InvariantCulture);
        }
    }
}
