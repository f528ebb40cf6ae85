using PpcSim.Core;
using PpcSim.Memory;

namespace PpcSim.DiffTests;

/// <summary>
/// PpcSim's core on a bare address space laid out like the harness ELF (code at the sequence's
/// address, the scratch window around the same page boundary), driven one instruction at a time.
/// The generator uses it to see operand values (so it can steer around undefined results and
/// interrupts); the regression replay uses it to run a stored case without any external tool.
/// </summary>
public sealed class Sim
{
    private readonly ulong _codeStart;
    private readonly ulong _codeEnd;

    public Sim(ulong codeStart, int maxWords)
    {
        Memory = new PagedMemory();
        Cpu = new Cpu(Memory);
        _codeStart = codeStart;
        _codeEnd = codeStart + (ulong)maxWords * 4;
        Memory.Map(codeStart & ~0xfffUL, ((_codeEnd + 0xfff) & ~0xfffUL) - (codeStart & ~0xfffUL), PageProtection.Read | PageProtection.Write | PageProtection.Execute);
        Memory.Map(Layout.ScratchBoundary - 0x1000, 0x2000, PageProtection.ReadWrite);
    }

    public PagedMemory Memory { get; }
    public Cpu Cpu { get; }

    public void SetState(ArchState s)
    {
        for (int i = 0; i < 32; i++) Cpu.Gpr[i] = s[ArchState.Gpr(i)];
        for (int i = 0; i < 64; i++) Cpu.Vsr[i] = new Vec128(s[ArchState.VsrDw0(i)], s[ArchState.VsrDw1(i)]);
        Cpu.Cr = (uint)s[ArchState.Cr];
        Cpu.Xer = s[ArchState.Xer];
        Cpu.Fpscr = s[ArchState.Fpscr];
        Cpu.Vscr = (uint)s[ArchState.Vscr];
        Cpu.Lr = s[ArchState.Lr];
        Cpu.Ctr = s[ArchState.Ctr];
        var bytes = new byte[Layout.ScratchSize];
        for (int k = 0; k < Layout.ScratchSize / 8; k++) BitConverter.TryWriteBytes(bytes.AsSpan(8 * k), s[ArchState.ScratchDw(k)]);
        Memory.WriteBytes(Layout.ScratchBase, bytes);
        Memory.HasReservation = false;
    }

    public ArchState GetState()
    {
        var s = new ArchState();
        for (int i = 0; i < 32; i++) s[ArchState.Gpr(i)] = Cpu.Gpr[i];
        for (int i = 0; i < 64; i++)
        {
            s[ArchState.VsrDw0(i)] = Cpu.Vsr[i].Dw0;
            s[ArchState.VsrDw1(i)] = Cpu.Vsr[i].Dw1;
        }
        s[ArchState.Cr] = Cpu.Cr;
        s[ArchState.Xer] = Cpu.Xer;
        s[ArchState.Fpscr] = Cpu.Fpscr;
        s[ArchState.Vscr] = Cpu.Vscr;
        s[ArchState.Lr] = Cpu.Lr;
        s[ArchState.Ctr] = Cpu.Ctr;
        var bytes = new byte[Layout.ScratchSize];
        Memory.ReadBytes(Layout.ScratchBase, bytes);
        for (int k = 0; k < Layout.ScratchSize / 8; k++) s[ArchState.ScratchDw(k)] = BitConverter.ToUInt64(bytes, 8 * k);
        return s;
    }

    public void WriteCode(ulong address, IReadOnlyList<uint> words)
    {
        if (address < _codeStart || address + (ulong)words.Count * 4 > _codeEnd) throw new ArgumentOutOfRangeException(nameof(address));
        var bytes = new byte[words.Count * 4];
        for (int i = 0; i < words.Count; i++) BitConverter.TryWriteBytes(bytes.AsSpan(4 * i), words[i]);
        Memory.WriteBytes(address, bytes);
        Cpu.FlushDecodeCache();
    }

    public uint ReadCode(ulong address)
    {
        var b = new byte[4];
        Memory.ReadBytes(address, b);
        return BitConverter.ToUInt32(b);
    }

    /// <summary>Runs one instruction at Cpu.Pc; false (state possibly partly changed) if it raised an interrupt.</summary>
    public bool Step(out Interrupt raised)
    {
        Cpu.ClearPending();
        Cpu.Step();
        raised = Cpu.Pending;
        Cpu.ClearPending();
        return raised == Interrupt.None;
    }

    /// <summary>Runs from <paramref name="start"/> until the PC reaches <paramref name="end"/>; null if it did, else why not.</summary>
    public string? RunTo(ulong start, ulong end, int maxSteps = 100_000)
    {
        Cpu.Pc = start;
        for (int n = 0; n < maxSteps && Cpu.Pc != end; n++)
        {
            if (Cpu.Pc < _codeStart || Cpu.Pc >= end) return $"pc 0x{Cpu.Pc:x} left the sequence";
            if (!Step(out var irq)) return $"interrupt {irq} at 0x{Cpu.Pc:x}";
        }
        return Cpu.Pc == end ? null : "step budget exhausted";
    }
}
