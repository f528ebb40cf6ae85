using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using PpcSim.Isa;

namespace PpcSim.Core;

/// <summary>
/// Architected state of one hardware thread, and the loop that runs it. Instruction semantics
/// live in <see cref="Interpreter"/>; this class owns registers, the decode cache, the
/// translation fast path and pending interrupts. Everything hangs off this object: no globals.
/// </summary>
public sealed unsafe partial class Cpu
{
    public GprFile Gpr;
    public VsrFile Vsr;
    /// <summary>Condition register, CR0 in bits 31:28.</summary>
    public uint Cr;
    public ulong Lr;
    public ulong Ctr;
    public ulong Tar;
    /// <summary>XER split into its live bits; see <see cref="Xer"/> for the architected view.</summary>
    public bool So, Ov, Ca, Ov32, Ca32;
    /// <summary>XER bits 57:63: the byte count for lswx/stswx.</summary>
    public byte XerCount;
    public ulong Fpscr;
    public uint Vscr = 0x0001_0000; // NJ set at reset
    public uint Vrsave;
    public ulong Msr = Core.Msr.UserLe;
    public ulong Dscr;
    public ulong Ppr = 0x000C_0000_0000_0000UL;

    /// <summary>Current instruction address.</summary>
    public ulong Pc;
    /// <summary>Next instruction address; handlers that branch set it.</summary>
    public ulong Nia;
    /// <summary>Retired instruction count.</summary>
    public ulong Instructions;
    /// <summary>Cycles beyond one per instruction: memory and barrier latency, idle time in stop.</summary>
    public ulong StallCycles;

    /// <summary>This thread's local time in core cycles (the scheduler runs the thread furthest behind).</summary>
    public ulong Cycles => Instructions + StallCycles;

    public MemoryPort Mem { get; }
    /// <summary>Timebase source (ticks); user mode derives it from the instruction count.</summary>
    public Func<ulong> ReadTimebase { get; set; }
    /// <summary>Seeded source for darn; set by the machine so runs stay deterministic.</summary>
    public Func<ulong> RandomSource { get; set; } = static () => 0x0123_4567_89ab_cdefUL;

    public Interrupt Pending { get; private set; }
    /// <summary>SRR1 bits for the pending interrupt (program interrupt reason, etc.).</summary>
    public ulong PendingSrr1 { get; private set; }
    /// <summary>Faulting data address (DAR) for storage/alignment interrupts.</summary>
    public ulong PendingDar { get; private set; }
    public MemFault PendingFault { get; private set; }
    /// <summary>Address of the instruction that raised the pending interrupt.</summary>
    public ulong PendingPc { get; private set; }
    /// <summary>True when the pending program interrupt is an opcode PpcSim decodes but does not execute.</summary>
    public bool PendingUnimplemented { get; private set; }

    public Cpu(MemoryPort mem)
    {
        Mem = mem;
        Mem.CodeWritten = InvalidateCodePage;
        Mem.HostPagesChanged = FlushTlb;
        ReadTimebase = () => Instructions;
        FlushTlb();
    }

    public bool LittleEndian => (Msr & Core.Msr.LE) != 0;
    public bool ProblemState => (Msr & Core.Msr.PR) != 0;

    public ulong Xer
    {
        get => (So ? 1UL << 31 : 0) | (Ov ? 1UL << 30 : 0) | (Ca ? 1UL << 29 : 0) | (Ov32 ? 1UL << 19 : 0) | (Ca32 ? 1UL << 18 : 0) | XerCount;
        set
        {
            So = (value & (1UL << 31)) != 0;
            Ov = (value & (1UL << 30)) != 0;
            Ca = (value & (1UL << 29)) != 0;
            Ov32 = (value & (1UL << 19)) != 0;
            Ca32 = (value & (1UL << 18)) != 0;
            XerCount = (byte)(value & 0x7f);
        }
    }

    /// <summary>FPR n is doubleword 0 of VSR n.</summary>
    public ref ulong Fpr(int n) => ref Vsr[n].Dw0;

    /// <summary>VR n is VSR 32+n.</summary>
    public ref Vec128 Vr(int n) => ref Vsr[32 + n];

    // ---- interrupts -------------------------------------------------------------------------

    /// <summary>Records an interrupt; the instruction does not complete (no write-back after this).</summary>
    public void Raise(Interrupt kind, ulong srr1Bits = 0, ulong dar = 0, MemFault fault = MemFault.None)
    {
        if (Pending != Interrupt.None) return; // first one wins
        Pending = kind;
        PendingSrr1 = srr1Bits;
        PendingDar = dar;
        PendingFault = fault;
        PendingPc = Pc;
    }

    public void RaiseProgram(ProgramReason reason) => Raise(Interrupt.Program, (ulong)reason);

    /// <summary>A data access fault: DSI with DSISR bits (or alignment), DAR = the effective address.</summary>
    public void RaiseStorage(MemFault f, ulong ea, bool store)
    {
        if (f == MemFault.Alignment)
        {
            Raise(Interrupt.Alignment, 0, ea, f);
            return;
        }
        if ((Mem.FaultBits & FaultSegment) != 0)
        {
            Mem.FaultBits = 0;
            Raise(Interrupt.DataSegment, 0, ea, f);
            return;
        }
        ulong dsisr = Mem.FaultBits != 0 ? Mem.FaultBits : (f == MemFault.Protection ? DsisrProtection : DsisrNotFound) | (store ? DsisrStore : 0);
        Mem.FaultBits = 0;
        Raise(Interrupt.DataStorage, dsisr, ea, f);
    }

    internal void RaiseUnimplemented()
    {
        RaiseProgram(ProgramReason.IllegalInstruction);
        PendingUnimplemented = true;
    }

    /// <summary>Clears the pending interrupt after its handler (guest or host) has taken it.</summary>
    public void ClearPending()
    {
        Pending = Interrupt.None;
        PendingSrr1 = 0;
        PendingDar = 0;
        PendingFault = MemFault.None;
        PendingUnimplemented = false;
        PendingLev = 0;
    }

    // ---- the run loop -----------------------------------------------------------------------

    /// <summary>
    /// Runs until <paramref name="budget"/> instructions retire or an interrupt is pending.
    /// An instruction that raises an interrupt does not retire and leaves <see cref="Pc"/> on it
    /// (except sc, whose interrupt is taken after it: Pc then points past it, like SRR0).
    /// </summary>
    public long Run(long budget) => Run(budget, ulong.MaxValue);

    /// <summary>As <see cref="Run(long)"/>, also stopping once <see cref="Cycles"/> reaches <paramref name="cycleLimit"/>.</summary>
    public long Run(long budget, ulong cycleLimit)
    {
        long done = 0;
        _runCycleLimit = cycleLimit;
        while (done < budget && Instructions + StallCycles < cycleLimit)
        {
            // Stopped: a stop instruction idled the thread; the machine resumes it at its wake-up time.
            if (_asyncCheck && (CheckAsyncInterrupts() || Stopped)) break;
            ulong pc = Pc;
            ulong tag = pc >> CodePageShift;
            if (tag != _codeTag || _codeEntries == null) SwitchCodePage(pc);
            if (_codeEntries == null) break; // fetch fault pending
            ref DecodedInsn e = ref _codeEntries[(int)(pc >> 2) & (CodePageEntries - 1)];
            if (e.Handler == null && !DecodeInto(ref e, pc)) break;
            Nia = pc + 4;
            e.Handler(this, e.Word);
            if (Pending != Interrupt.None)
            {
                if (Pending == Interrupt.SystemCall) { Pc = Nia; Instructions++; done++; }
                break;
            }
            Pc = Nia;
            Instructions++;
            StallCycles += e.ExtraCycles;
            done++;
        }
        return done;
    }

    /// <summary>Executes exactly one instruction (or raises); for stepping and tests.</summary>
    public bool Step() => Run(1) == 1;

    // ---- endian-aware data access helpers used by handlers ----------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Load8(ulong ea, out byte v)
    {
        ref TlbEntry t = ref _readTlb[(int)(ea >> 12) & (TlbSize - 1)];
        if (t.Tag == (ea >> 12))
        {
            v = t.Page![t.Offset + (int)(ea & 0xfff)];
            return true;
        }
        bool ok = SlowRead(ea, 1, out ulong x);
        v = (byte)x;
        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Load16(ulong ea, out ushort v)
    {
        ref TlbEntry t = ref _readTlb[(int)(ea >> 12) & (TlbSize - 1)];
        if (t.Tag == (ea >> 12) && (ea & 0xfff) <= 0xffe)
        {
            v = Unsafe.ReadUnaligned<ushort>(ref t.Page![t.Offset + (int)(ea & 0xfff)]);
            return true;
        }
        bool ok = SlowRead(ea, 2, out ulong x);
        v = (ushort)x;
        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Load32(ulong ea, out uint v)
    {
        ref TlbEntry t = ref _readTlb[(int)(ea >> 12) & (TlbSize - 1)];
        if (t.Tag == (ea >> 12) && (ea & 0xfff) <= 0xffc)
        {
            v = Unsafe.ReadUnaligned<uint>(ref t.Page![t.Offset + (int)(ea & 0xfff)]);
            return true;
        }
        bool ok = SlowRead(ea, 4, out ulong x);
        v = (uint)x;
        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Load64(ulong ea, out ulong v)
    {
        ref TlbEntry t = ref _readTlb[(int)(ea >> 12) & (TlbSize - 1)];
        if (t.Tag == (ea >> 12) && (ea & 0xfff) <= 0xff8)
        {
            v = Unsafe.ReadUnaligned<ulong>(ref t.Page![t.Offset + (int)(ea & 0xfff)]);
            return true;
        }
        return SlowRead(ea, 8, out v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Store8(ulong ea, byte v)
    {
        ref TlbEntry t = ref _writeTlb[(int)(ea >> 12) & (TlbSize - 1)];
        if (t.Tag == (ea >> 12))
        {
            if (t.Report) ReportFastStore(in t, ea, 1);
            t.Page![t.Offset + (int)(ea & 0xfff)] = v;
            return true;
        }
        return SlowWrite(ea, 1, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Store16(ulong ea, ushort v)
    {
        ref TlbEntry t = ref _writeTlb[(int)(ea >> 12) & (TlbSize - 1)];
        if (t.Tag == (ea >> 12) && (ea & 0xfff) <= 0xffe)
        {
            if (t.Report) ReportFastStore(in t, ea, 2);
            Unsafe.WriteUnaligned(ref t.Page![t.Offset + (int)(ea & 0xfff)], v);
            return true;
        }
        return SlowWrite(ea, 2, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Store32(ulong ea, uint v)
    {
        ref TlbEntry t = ref _writeTlb[(int)(ea >> 12) & (TlbSize - 1)];
        if (t.Tag == (ea >> 12) && (ea & 0xfff) <= 0xffc)
        {
            if (t.Report) ReportFastStore(in t, ea, 4);
            Unsafe.WriteUnaligned(ref t.Page![t.Offset + (int)(ea & 0xfff)], v);
            return true;
        }
        return SlowWrite(ea, 4, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Store64(ulong ea, ulong v)
    {
        ref TlbEntry t = ref _writeTlb[(int)(ea >> 12) & (TlbSize - 1)];
        if (t.Tag == (ea >> 12) && (ea & 0xfff) <= 0xff8)
        {
            if (t.Report) ReportFastStore(in t, ea, 8);
            Unsafe.WriteUnaligned(ref t.Page![t.Offset + (int)(ea & 0xfff)], v);
            return true;
        }
        return SlowWrite(ea, 8, v);
    }

    /// <summary>16 bytes at ea as a little-endian 128-bit value (lo = bytes ea..ea+7).</summary>
    public bool Load128(ulong ea, out ulong lo, out ulong hi)
    {
        hi = 0;
        if (!LittleEndian)
        {
            // Big-endian: the first doubleword in memory is the most significant.
            if (!Load64(ea, out hi)) { lo = 0; return false; }
            return Load64(ea + 8, out lo);
        }
        return Load64(ea, out lo) && Load64(ea + 8, out hi);
    }

    public bool Store128(ulong ea, ulong lo, ulong hi)
    {
        if (!LittleEndian) return Store64(ea, hi) && Store64(ea + 8, lo);
        return Store64(ea, lo) && Store64(ea + 8, hi);
    }

    private bool SlowRead(ulong ea, int size, out ulong v)
    {
        if (_debug != null && DebugWatchHit(ea, size, store: false)) { v = 0; return false; }
        if ((ea & 0xfff) + (ulong)size <= 0x1000 && LittleEndian && FillTlb(ea, write: false))
        {
            ref TlbEntry t = ref _readTlb[(int)(ea >> 12) & (TlbSize - 1)];
            v = ReadLe(t.Page!, t.Offset + (int)(ea & 0xfff), size);
            return true;
        }
        var f = Mem.Read(ea, size, out v);
        if (f != MemFault.None)
        {
            RaiseStorage(f, ea, store: false);
            return false;
        }
        if (!LittleEndian) v = Swap(v, size);
        return true;
    }

    private bool SlowWrite(ulong ea, int size, ulong v)
    {
        if (_debug != null && DebugWatchHit(ea, size, store: true)) return false;
        if ((ea & 0xfff) + (ulong)size <= 0x1000 && LittleEndian && FillTlb(ea, write: true))
        {
            ref TlbEntry t = ref _writeTlb[(int)(ea >> 12) & (TlbSize - 1)];
            if (t.Report) ReportFastStore(in t, ea, size);
            WriteLe(t.Page!, t.Offset + (int)(ea & 0xfff), size, v);
            return true;
        }
        if (!LittleEndian) v = Swap(v, size);
        var f = Mem.Write(ea, size, v);
        if (f != MemFault.None)
        {
            RaiseStorage(f, ea, store: true);
            return false;
        }
        return true;
    }

    internal static ulong Swap(ulong v, int size) => size switch
    {
        1 => v,
        2 => BinaryPrimitives.ReverseEndianness((ushort)v),
        4 => BinaryPrimitives.ReverseEndianness((uint)v),
        _ => BinaryPrimitives.ReverseEndianness(v),
    };

    private static ulong ReadLe(byte[] page, int off, int size) => size switch
    {
        1 => page[off],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(off)),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(off)),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(off)),
    };

    private static void WriteLe(byte[] page, int off, int size, ulong v)
    {
        switch (size)
        {
            case 1: page[off] = (byte)v; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(off), (ushort)v); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(off), (uint)v); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(off), v); break;
        }
    }
}
