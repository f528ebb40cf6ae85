using System.Buffers.Binary;
using System.Text;
using PpcSim.Core;

namespace PpcSim.GdbStub;

/// <summary>
/// The register layout PpcSim offers gdb: the standard PowerPC features (gdb manual, "PowerPC
/// Features") with gdb's own register numbers for powerpc:common64, so remote numbers, the 'g'
/// packet order and gdb's internal numbers agree:
/// r0-r31 = 0-31, f0-f31 = 32-63, pc 64, msr 65, cr 66, lr 67, ctr 68, xer 69, fpscr 70,
/// vr0-vr31 = 71-102, vscr 103, vrsave 104, vs0h-vs31h = 105-136.
/// Values travel in target byte order (little-endian). vsNh is doubleword 1 of VSR N (fN is
/// doubleword 0): gdb joins them into vsN, and uses vrN for vs32-vs63.
/// </summary>
public static class PowerRegisters
{
    public const int Pc = 64, Msr = 65, Cr = 66, Lr = 67, Ctr = 68, Xer = 69, Fpscr = 70;
    public const int Vr0 = 71, Vscr = 103, Vrsave = 104, Vs0h = 105, Count = 137;

    /// <summary>
    /// Supervisor registers of the full-system target (numbers from <see cref="Count"/> on): not in
    /// the 'g' packet, so gdb reads them one by one with 'p' when it shows them.
    /// </summary>
    public static readonly string[] SystemNames =
        ["srr0", "srr1", "hsrr0", "hsrr1", "sprg0", "sprg1", "sprg2", "sprg3", "hsprg0", "hsprg1", "dar", "dsisr", "cfar", "lpcr", "pidr", "lpidr", "ptcr", "pir"];

    /// <summary>Size in bytes of register <paramref name="n"/>, or 0 if there is no such register.</summary>
    public static int Size(int n) => n switch
    {
        < 0 => 0,
        < 64 => 8,
        Pc or Msr or Lr or Ctr or Fpscr => 8,
        Cr or Xer => 4,
        >= Vr0 and < Vscr => 16,
        Vscr or Vrsave => 4,
        >= Vs0h and < Count => 8,
        _ when n - Count < SystemNames.Length => 8,
        _ => 0,
    };

    public static int TotalSize { get; } = Enumerable.Range(0, Count).Sum(Size);

    public static byte[] Read(Cpu c, int n)
    {
        var b = new byte[Size(n)];
        switch (n)
        {
            case < 32: BinaryPrimitives.WriteUInt64LittleEndian(b, c.Gpr[n]); break;
            case < 64: BinaryPrimitives.WriteUInt64LittleEndian(b, c.Fpr(n - 32)); break;
            case Pc: BinaryPrimitives.WriteUInt64LittleEndian(b, c.Pc); break;
            case Msr: BinaryPrimitives.WriteUInt64LittleEndian(b, c.Msr); break;
            case Cr: BinaryPrimitives.WriteUInt32LittleEndian(b, c.Cr); break;
            case Lr: BinaryPrimitives.WriteUInt64LittleEndian(b, c.Lr); break;
            case Ctr: BinaryPrimitives.WriteUInt64LittleEndian(b, c.Ctr); break;
            case Xer: BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)c.Xer); break;
            case Fpscr: BinaryPrimitives.WriteUInt64LittleEndian(b, c.Fpscr); break;
            case >= Vr0 and < Vscr:
                {
                    var v = c.Vr(n - Vr0);
                    BinaryPrimitives.WriteUInt64LittleEndian(b, v.Dw1);
                    BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), v.Dw0);
                    break;
                }
            case Vscr: BinaryPrimitives.WriteUInt32LittleEndian(b, c.Vscr); break;
            case Vrsave: BinaryPrimitives.WriteUInt32LittleEndian(b, c.Vrsave); break;
            case >= Vs0h and < Count: BinaryPrimitives.WriteUInt64LittleEndian(b, c.Vsr[n - Vs0h].Dw1); break;
            case >= Count when n - Count < SystemNames.Length: BinaryPrimitives.WriteUInt64LittleEndian(b, SystemRegister(c, n - Count)); break;
            default: throw new ArgumentOutOfRangeException(nameof(n));
        }
        return b;
    }

    /// <summary>Writes register <paramref name="n"/> from <paramref name="b"/> (exactly <see cref="Size"/> bytes).</summary>
    public static void Write(Cpu c, int n, ReadOnlySpan<byte> b)
    {
        if (b.Length != Size(n) || b.Length == 0) throw new ArgumentException("wrong register size", nameof(b));
        switch (n)
        {
            case < 32: c.Gpr[n] = BinaryPrimitives.ReadUInt64LittleEndian(b); break;
            case < 64: c.Fpr(n - 32) = BinaryPrimitives.ReadUInt64LittleEndian(b); break;
            case Pc: c.Pc = BinaryPrimitives.ReadUInt64LittleEndian(b); break;
            case Msr: c.SetMsr(BinaryPrimitives.ReadUInt64LittleEndian(b)); break;
            case Cr: c.Cr = BinaryPrimitives.ReadUInt32LittleEndian(b); break;
            case Lr: c.Lr = BinaryPrimitives.ReadUInt64LittleEndian(b); break;
            case Ctr: c.Ctr = BinaryPrimitives.ReadUInt64LittleEndian(b); break;
            case Xer: c.Xer = BinaryPrimitives.ReadUInt32LittleEndian(b); break;
            case Fpscr: c.Fpscr = BinaryPrimitives.ReadUInt64LittleEndian(b); break;
            case >= Vr0 and < Vscr:
                c.Vr(n - Vr0) = new Vec128(BinaryPrimitives.ReadUInt64LittleEndian(b[8..]), BinaryPrimitives.ReadUInt64LittleEndian(b));
                break;
            case Vscr: c.Vscr = BinaryPrimitives.ReadUInt32LittleEndian(b); break;
            case Vrsave: c.Vrsave = BinaryPrimitives.ReadUInt32LittleEndian(b); break;
            case >= Vs0h and < Count: c.Vsr[n - Vs0h].Dw1 = BinaryPrimitives.ReadUInt64LittleEndian(b); break;
            default: SetSystemRegister(c, n - Count, BinaryPrimitives.ReadUInt64LittleEndian(b)); break;
        }
    }

    /// <summary>All registers in number order: the 'g' packet's contents.</summary>
    public static byte[] ReadAll(Cpu c)
    {
        var all = new byte[TotalSize];
        int off = 0;
        for (int n = 0; n < Count; n++)
        {
            var r = Read(c, n);
            r.CopyTo(all, off);
            off += r.Length;
        }
        return all;
    }

    /// <summary>Writes registers from a 'G' packet's contents; a shorter block writes a prefix (whole registers only).</summary>
    public static void WriteAll(Cpu c, ReadOnlySpan<byte> all)
    {
        int off = 0;
        for (int n = 0; n < Count && off + Size(n) <= all.Length; n++)
        {
            Write(c, n, all.Slice(off, Size(n)));
            off += Size(n);
        }
    }

    private static ulong SystemRegister(Cpu c, int i) => i switch
    {
        0 => c.Srr0, 1 => c.Srr1, 2 => c.Hsrr0, 3 => c.Hsrr1, 4 => c.Sprg0, 5 => c.Sprg1, 6 => c.Sprg2, 7 => c.Sprg3,
        8 => c.Hsprg0, 9 => c.Hsprg1, 10 => c.Dar, 11 => c.Dsisr, 12 => c.Cfar, 13 => c.Lpcr, 14 => c.Pidr, 15 => c.Lpidr,
        16 => c.Ptcr, _ => c.Pir,
    };

    private static void SetSystemRegister(Cpu c, int i, ulong v)
    {
        switch (i)
        {
            case 0: c.Srr0 = v; break;
            case 1: c.Srr1 = v; break;
            case 2: c.Hsrr0 = v; break;
            case 3: c.Hsrr1 = v; break;
            case 4: c.Sprg0 = v; break;
            case 5: c.Sprg1 = v; break;
            case 6: c.Sprg2 = v; break;
            case 7: c.Sprg3 = v; break;
            case 8: c.Hsprg0 = v; break;
            case 9: c.Hsprg1 = v; break;
            case 10: c.Dar = v; break;
            case 11: c.Dsisr = v; break;
            case 12: c.Cfar = v; break;
            default: throw new ArgumentException("read-only register", nameof(i)); // translation registers: changing them under the MMU's caches is not supported
        }
    }

    /// <summary>The target description gdb fetches with qXfer:features:read:target.xml.</summary>
    public static string TargetXml { get; } = BuildTargetXml(false);

    /// <summary>The full system's description: <see cref="TargetXml"/> plus the supervisor registers.</summary>
    public static string SystemTargetXml { get; } = BuildTargetXml(true);

    private static string BuildTargetXml(bool system)
    {
        var x = new StringBuilder();
        x.Append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        x.Append("  <architecture>powerpc:common64</architecture>\n");
        x.Append("  <feature name=\"org.gnu.gdb.power.core\">\n");
        for (int i = 0; i < 32; i++) Reg(x, $"r{i}", 64, "uint64", i);
        Reg(x, "pc", 64, "code_ptr", Pc);
        Reg(x, "msr", 64, "uint64", Msr);
        Reg(x, "cr", 32, "uint32", Cr);
        Reg(x, "lr", 64, "code_ptr", Lr);
        Reg(x, "ctr", 64, "uint64", Ctr);
        Reg(x, "xer", 32, "uint32", Xer);
        x.Append("  </feature>\n  <feature name=\"org.gnu.gdb.power.fpu\">\n");
        for (int i = 0; i < 32; i++) Reg(x, $"f{i}", 64, "ieee_double", 32 + i, "float");
        // 64 bits: the ISA 2.05 FPSCR (gdb's power-fpu-isa205 layout).
        Reg(x, "fpscr", 64, "int", Fpscr, "float");
        x.Append("  </feature>\n  <feature name=\"org.gnu.gdb.power.altivec\">\n");
        x.Append("    <vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n");
        x.Append("    <vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n");
        x.Append("    <vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n");
        x.Append("    <vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n");
        x.Append("    <union id=\"vec128\">\n");
        x.Append("      <field name=\"uint128\" type=\"uint128\"/>\n      <field name=\"v4_float\" type=\"v4f\"/>\n");
        x.Append("      <field name=\"v4_int32\" type=\"v4i32\"/>\n      <field name=\"v8_int16\" type=\"v8i16\"/>\n");
        x.Append("      <field name=\"v16_int8\" type=\"v16i8\"/>\n    </union>\n");
        for (int i = 0; i < 32; i++) Reg(x, $"vr{i}", 128, "vec128", Vr0 + i, "vector");
        Reg(x, "vscr", 32, "int", Vscr, "vector");
        Reg(x, "vrsave", 32, "int", Vrsave, "vector");
        x.Append("  </feature>\n  <feature name=\"org.gnu.gdb.power.vsx\">\n");
        for (int i = 0; i < 32; i++) Reg(x, $"vs{i}h", 64, "uint64", Vs0h + i, "vsx");
        x.Append("  </feature>\n");
        if (system)
        {
            x.Append("  <feature name=\"org.ppcsim.power.supervisor\">\n");
            for (int i = 0; i < SystemNames.Length; i++) Reg(x, SystemNames[i], 64, i is 0 or 2 ? "code_ptr" : "uint64", Count + i, "system");
            x.Append("  </feature>\n");
        }
        x.Append("</target>\n");
        return x.ToString();
    }

    private static void Reg(StringBuilder x, string name, int bits, string type, int regnum, string? group = null)
    {
        x.Append($"    <reg name=\"{name}\" bitsize=\"{bits}\" type=\"{type}\" regnum=\"{regnum}\"");
        if (group != null) x.Append($" group=\"{group}\"");
        x.Append("/>\n");
    }
}
