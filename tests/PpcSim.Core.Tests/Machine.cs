using PpcSim.Isa;
using PpcSim.Memory;

namespace PpcSim.Core.Tests;

/// <summary>
/// A user-mode core over flat paged memory running a snippet assembled by PpcSim's assembler:
/// code at <see cref="Code"/>, a scratch data page at <see cref="Data"/>.
/// </summary>
internal sealed class Machine
{
    public const ulong Code = 0x10000;
    public const ulong Data = 0x80000;

    public Machine(string source)
    {
        Memory = new PagedMemory();
        var image = SourceAssembler.Assemble(source, Code, out var labels);
        Labels = labels;
        CodeEnd = Code + (ulong)image.Length;
        Memory.Map(Code, Math.Max((ulong)image.Length, 4), PageProtection.All);
        Memory.Map(Data, 0x1000, PageProtection.Read | PageProtection.Write);
        Memory.WriteBytes(Code, image);
        Cpu = new Cpu(Memory) { Pc = Code };
    }

    public PagedMemory Memory { get; }
    public Cpu Cpu { get; }
    public IReadOnlyDictionary<string, ulong> Labels { get; }
    public ulong CodeEnd { get; }

    public ulong this[int gpr]
    {
        get => Cpu.Gpr[gpr];
        set => Cpu.Gpr[gpr] = value;
    }

    /// <summary>Runs until the code falls off its end or an interrupt is pending; returns instructions retired.</summary>
    public long Run(long budget = 100_000)
    {
        long done = 0;
        while (done < budget && Cpu.Pc >= Code && Cpu.Pc < CodeEnd && Cpu.Pending == Interrupt.None)
        {
            long n = Cpu.Run(1);
            done += n;
            if (n == 0) break;
        }
        return done;
    }

    /// <summary>Assembles and runs <paramref name="source"/> with initial registers; returns the machine.</summary>
    public static Machine Exec(string source, params (int Reg, ulong Value)[] regs)
    {
        var m = new Machine(source);
        foreach (var (r, v) in regs) m[r] = v;
        m.Run();
        return m;
    }

    /// <summary>CR field <paramref name="bf"/> as 4 bits LT GT EQ SO.</summary>
    public uint CrField(int bf) => (Cpu.Cr >> (4 * (7 - bf))) & 0xf;
}
