using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using PpcSim.Isa;
using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Power ISA 3.0B Book I 3.3.2-3.3.9 (fixed-point loads and stores, byte-reversed, multiple,
// string, quadword) and Book II chapter 4 (cache management, load and reserve / store
// conditional, synchronization).
//
// Every handler computes the EA, performs the access through the Cpu helpers (which raise the
// storage interrupt and return false), and writes registers only after the access succeeded:
// a faulting instruction leaves RT and RA unchanged. Update forms with RA=0 or RA=RT are invalid
// forms the decoder already rejects (isa/loadstore.isa, invalid=...).
public static partial class Interpreter
{
    /// <summary>POWER9's cache block (dcbz, dcbf, ... granule): 128 bytes.</summary>
    public const int CacheBlockSize = 128;

    /// <summary>EA = (RA|0) + displacement.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong EaD(Cpu c, uint w, long disp)
    {
        int ra = Ra0(w);
        return (ra == 0 ? 0 : c.Gpr[ra]) + (ulong)disp;
    }

    /// <summary>EA = (RA|0) + (RB).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong EaIndexed(Cpu c, uint w)
    {
        int ra = Ra0(w);
        return (ra == 0 ? 0 : c.Gpr[ra]) + c.Gpr[Rb(w)];
    }

    // ---- byte, halfword, word, doubleword loads ------------------------------------------------

    internal static void Lbz(Cpu c, uint w)
    {
        if (c.Load8(EaD(c, w, D(w)), out byte v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Lbzx(Cpu c, uint w)
    {
        if (c.Load8(EaIndexed(c, w), out byte v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Lbzu(Cpu c, uint w) => LoadByteUpdate(c, w, c.Gpr[Ra(w)] + (ulong)D(w));

    internal static void Lbzux(Cpu c, uint w) => LoadByteUpdate(c, w, c.Gpr[Ra(w)] + c.Gpr[Rb(w)]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadByteUpdate(Cpu c, uint w, ulong ea)
    {
        if (!c.Load8(ea, out byte v)) return;
        c.Gpr[Rt(w)] = v;
        c.Gpr[Ra(w)] = ea;
    }

    internal static void Lhz(Cpu c, uint w)
    {
        if (c.Load16(EaD(c, w, D(w)), out ushort v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Lhzx(Cpu c, uint w)
    {
        if (c.Load16(EaIndexed(c, w), out ushort v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Lhzu(Cpu c, uint w) => LoadHalfUpdate(c, w, c.Gpr[Ra(w)] + (ulong)D(w), signed: false);

    internal static void Lhzux(Cpu c, uint w) => LoadHalfUpdate(c, w, c.Gpr[Ra(w)] + c.Gpr[Rb(w)], signed: false);

    internal static void Lha(Cpu c, uint w)
    {
        if (c.Load16(EaD(c, w, D(w)), out ushort v)) c.Gpr[Rt(w)] = (ulong)(short)v;
    }

    internal static void Lhax(Cpu c, uint w)
    {
        if (c.Load16(EaIndexed(c, w), out ushort v)) c.Gpr[Rt(w)] = (ulong)(short)v;
    }

    internal static void Lhau(Cpu c, uint w) => LoadHalfUpdate(c, w, c.Gpr[Ra(w)] + (ulong)D(w), signed: true);

    internal static void Lhaux(Cpu c, uint w) => LoadHalfUpdate(c, w, c.Gpr[Ra(w)] + c.Gpr[Rb(w)], signed: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadHalfUpdate(Cpu c, uint w, ulong ea, bool signed)
    {
        if (!c.Load16(ea, out ushort v)) return;
        c.Gpr[Rt(w)] = signed ? (ulong)(short)v : v;
        c.Gpr[Ra(w)] = ea;
    }

    internal static void Lwz(Cpu c, uint w)
    {
        if (c.Load32(EaD(c, w, D(w)), out uint v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Lwzx(Cpu c, uint w)
    {
        if (c.Load32(EaIndexed(c, w), out uint v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Lwzu(Cpu c, uint w) => LoadWordUpdate(c, w, c.Gpr[Ra(w)] + (ulong)D(w), signed: false);

    internal static void Lwzux(Cpu c, uint w) => LoadWordUpdate(c, w, c.Gpr[Ra(w)] + c.Gpr[Rb(w)], signed: false);

    internal static void Lwa(Cpu c, uint w)
    {
        if (c.Load32(EaD(c, w, Ds(w)), out uint v)) c.Gpr[Rt(w)] = (ulong)(int)v;
    }

    internal static void Lwax(Cpu c, uint w)
    {
        if (c.Load32(EaIndexed(c, w), out uint v)) c.Gpr[Rt(w)] = (ulong)(int)v;
    }

    internal static void Lwaux(Cpu c, uint w) => LoadWordUpdate(c, w, c.Gpr[Ra(w)] + c.Gpr[Rb(w)], signed: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadWordUpdate(Cpu c, uint w, ulong ea, bool signed)
    {
        if (!c.Load32(ea, out uint v)) return;
        c.Gpr[Rt(w)] = signed ? (ulong)(int)v : v;
        c.Gpr[Ra(w)] = ea;
    }

    internal static void Ld(Cpu c, uint w)
    {
        if (c.Load64(EaD(c, w, Ds(w)), out ulong v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Ldx(Cpu c, uint w)
    {
        if (c.Load64(EaIndexed(c, w), out ulong v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Ldu(Cpu c, uint w) => LoadDoubleUpdate(c, w, c.Gpr[Ra(w)] + (ulong)Ds(w));

    internal static void Ldux(Cpu c, uint w) => LoadDoubleUpdate(c, w, c.Gpr[Ra(w)] + c.Gpr[Rb(w)]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadDoubleUpdate(Cpu c, uint w, ulong ea)
    {
        if (!c.Load64(ea, out ulong v)) return;
        c.Gpr[Rt(w)] = v;
        c.Gpr[Ra(w)] = ea;
    }

    // ---- stores ------------------------------------------------------------------------------

    internal static void Stb(Cpu c, uint w) => c.Store8(EaD(c, w, D(w)), (byte)c.Gpr[Rs(w)]);

    internal static void Stbx(Cpu c, uint w) => c.Store8(EaIndexed(c, w), (byte)c.Gpr[Rs(w)]);

    internal static void Stbu(Cpu c, uint w) => StoreUpdate(c, w, c.Gpr[Ra(w)] + (ulong)D(w), 1);

    internal static void Stbux(Cpu c, uint w) => StoreUpdate(c, w, c.Gpr[Ra(w)] + c.Gpr[Rb(w)], 1);

    internal static void Sth(Cpu c, uint w) => c.Store16(EaD(c, w, D(w)), (ushort)c.Gpr[Rs(w)]);

    internal static void Sthx(Cpu c, uint w) => c.Store16(EaIndexed(c, w), (ushort)c.Gpr[Rs(w)]);

    internal static void Sthu(Cpu c, uint w) => StoreUpdate(c, w, c.Gpr[Ra(w)] + (ulong)D(w), 2);

    internal static void Sthux(Cpu c, uint w) => StoreUpdate(c, w, c.Gpr[Ra(w)] + c.Gpr[Rb(w)], 2);

    internal static void Stw(Cpu c, uint w) => c.Store32(EaD(c, w, D(w)), (uint)c.Gpr[Rs(w)]);

    internal static void Stwx(Cpu c, uint w) => c.Store32(EaIndexed(c, w), (uint)c.Gpr[Rs(w)]);

    internal static void Stwu(Cpu c, uint w) => StoreUpdate(c, w, c.Gpr[Ra(w)] + (ulong)D(w), 4);

    internal static void Stwux(Cpu c, uint w) => StoreUpdate(c, w, c.Gpr[Ra(w)] + c.Gpr[Rb(w)], 4);

    internal static void Std(Cpu c, uint w) => c.Store64(EaD(c, w, Ds(w)), c.Gpr[Rs(w)]);

    internal static void Stdx(Cpu c, uint w) => c.Store64(EaIndexed(c, w), c.Gpr[Rs(w)]);

    internal static void Stdu(Cpu c, uint w) => StoreUpdate(c, w, c.Gpr[Ra(w)] + (ulong)Ds(w), 8);

    internal static void Stdux(Cpu c, uint w) => StoreUpdate(c, w, c.Gpr[Ra(w)] + c.Gpr[Rb(w)], 8);

    /// <summary>Store then RA = EA; RS is read first, so stwu r1,-16(r1) stores the old r1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreUpdate(Cpu c, uint w, ulong ea, int size)
    {
        ulong v = c.Gpr[Rs(w)];
        bool ok = size switch
        {
            1 => c.Store8(ea, (byte)v),
            2 => c.Store16(ea, (ushort)v),
            4 => c.Store32(ea, (uint)v),
            _ => c.Store64(ea, v),
        };
        if (ok) c.Gpr[Ra(w)] = ea;
    }

    // ---- byte-reversed (Book I 3.3.8) ----------------------------------------------------------

    internal static void Lhbrx(Cpu c, uint w)
    {
        if (c.Load16(EaIndexed(c, w), out ushort v)) c.Gpr[Rt(w)] = BinaryPrimitives.ReverseEndianness(v);
    }

    internal static void Lwbrx(Cpu c, uint w)
    {
        if (c.Load32(EaIndexed(c, w), out uint v)) c.Gpr[Rt(w)] = BinaryPrimitives.ReverseEndianness(v);
    }

    internal static void Ldbrx(Cpu c, uint w)
    {
        if (c.Load64(EaIndexed(c, w), out ulong v)) c.Gpr[Rt(w)] = BinaryPrimitives.ReverseEndianness(v);
    }

    internal static void Sthbrx(Cpu c, uint w) => c.Store16(EaIndexed(c, w), BinaryPrimitives.ReverseEndianness((ushort)c.Gpr[Rs(w)]));

    internal static void Stwbrx(Cpu c, uint w) => c.Store32(EaIndexed(c, w), BinaryPrimitives.ReverseEndianness((uint)c.Gpr[Rs(w)]));

    internal static void Stdbrx(Cpu c, uint w) => c.Store64(EaIndexed(c, w), BinaryPrimitives.ReverseEndianness(c.Gpr[Rs(w)]));

    // ---- quadword (Book I 3.3.5) -------------------------------------------------------------
    // RTp gets the quadword's high-order doubleword: the one at EA+8 in little-endian mode (what
    // QEMU and POWER9 do), at EA in big-endian mode. Like QEMU's user mode, no alignment check.

    internal static void Lq(Cpu c, uint w)
    {
        if (!c.Load128(EaD(c, w, Dq(w)), out ulong lo, out ulong hi)) return;
        int rtp = Rtp(w);
        c.Gpr[rtp] = hi;
        c.Gpr[rtp + 1] = lo;
    }

    internal static void Stq(Cpu c, uint w)
    {
        int rsp = Rsp(w);
        c.Store128(EaD(c, w, Ds(w)), lo: c.Gpr[rsp + 1], hi: c.Gpr[rsp]);
    }

    // ---- load/store multiple and string (Book I 3.3.7, 3.3.9) --------------------------------
    // Not supported in little-endian mode: the ISA invokes the alignment handler (QEMU raises the
    // alignment interrupt; Linux's handler emulates them). Big-endian semantics below.

    /// <summary>True (after raising the alignment interrupt) when MSR[LE] forbids multiple/string.</summary>
    private static bool MultipleInLittleEndian(Cpu c, ulong ea, bool store)
    {
        if (!c.LittleEndian) return false;
        c.RaiseStorage(MemFault.Alignment, ea, store);
        return true;
    }

    internal static void Lmw(Cpu c, uint w)
    {
        ulong ea = EaD(c, w, D(w));
        if (MultipleInLittleEndian(c, ea, store: false)) return;
        int rt = Rt(w);
        Span<uint> words = stackalloc uint[32];
        for (int r = rt; r < 32; r++)
            if (!c.Load32(ea + (ulong)(4 * (r - rt)), out words[r])) return;
        for (int r = rt; r < 32; r++) c.Gpr[r] = words[r];
    }

    internal static void Stmw(Cpu c, uint w)
    {
        ulong ea = EaD(c, w, D(w));
        if (MultipleInLittleEndian(c, ea, store: true)) return;
        for (int r = Rs(w); r < 32; r++, ea += 4)
            if (!c.Store32(ea, (uint)c.Gpr[r])) return;
    }

    internal static void Lswi(Cpu c, uint w)
    {
        ulong ea = EaD(c, w, 0);
        if (MultipleInLittleEndian(c, ea, store: false)) return;
        int n = Nb(w) == 0 ? 32 : Nb(w);
        // RA in the loaded range (r0 included: QEMU checks the register number) is an invalid form.
        if (StringRangeHolds(Rt(w), n, Ra0(w))) { c.RaiseProgram(ProgramReason.IllegalInstruction); return; }
        LoadString(c, ea, Rt(w), n);
    }

    internal static void Lswx(Cpu c, uint w)
    {
        ulong ea = EaIndexed(c, w);
        if (MultipleInLittleEndian(c, ea, store: false)) return;
        int n = c.XerCount;
        if (n == 0) return; // RT undefined: left unchanged
        int ra = Ra0(w);
        if ((ra != 0 && StringRangeHolds(Rt(w), n, ra)) || StringRangeHolds(Rt(w), n, Rb(w)))
        {
            c.RaiseProgram(ProgramReason.IllegalInstruction);
            return;
        }
        LoadString(c, ea, Rt(w), n);
    }

    internal static void Stswi(Cpu c, uint w)
    {
        ulong ea = EaD(c, w, 0);
        if (MultipleInLittleEndian(c, ea, store: true)) return;
        StoreString(c, ea, Rs(w), Nb(w) == 0 ? 32 : Nb(w));
    }

    internal static void Stswx(Cpu c, uint w)
    {
        ulong ea = EaIndexed(c, w);
        if (MultipleInLittleEndian(c, ea, store: true)) return;
        StoreString(c, ea, Rs(w), c.XerCount);
    }

    /// <summary>Whether register <paramref name="reg"/> is among the ceil(n/4) registers from rt (wrapping at 32).</summary>
    private static bool StringRangeHolds(int rt, int n, int reg) => ((reg - rt) & 31) < (n + 3) / 4;

    /// <summary>
    /// Bytes fill bits 32:63 of RT, RT+1, ... (wrapping to r0) from the high-order byte; the last
    /// register's unfilled low bytes become 0. All bytes are read before any register is written.
    /// </summary>
    private static void LoadString(Cpu c, ulong ea, int rt, int n)
    {
        Span<byte> bytes = stackalloc byte[128];
        for (int i = 0; i < n; i++)
            if (!c.Load8(ea + (ulong)i, out bytes[i])) return;
        for (int i = 0; i < n; i += 4)
        {
            uint v = 0;
            for (int k = 0; k < 4; k++) v = (v << 8) | (i + k < n ? bytes[i + k] : 0u);
            c.Gpr[(rt + i / 4) & 31] = v;
        }
    }

    private static void StoreString(Cpu c, ulong ea, int rs, int n)
    {
        for (int i = 0; i < n; i++)
        {
            uint v = (uint)c.Gpr[(rs + i / 4) & 31];
            if (!c.Store8(ea + (ulong)i, (byte)(v >> (24 - 8 * (i & 3))))) return;
        }
    }

    // ---- load and reserve / store conditional (Book II 4.4.2) --------------------------------

    /// <summary>Reads with a reservation; an EA that is not a multiple of the size takes the alignment interrupt.</summary>
    private static bool LoadReserve(Cpu c, ulong ea, int size, out ulong v)
    {
        v = 0;
        if ((ea & (ulong)(size - 1)) != 0)
        {
            c.RaiseStorage(MemFault.Alignment, ea, store: false);
            return false;
        }
        if (c.DebugWatchHit(ea, size, store: false)) return false;
        var f = c.Mem.LoadReserve(ea, size, out v);
        if (f != MemFault.None)
        {
            c.RaiseStorage(f, ea, store: false);
            return false;
        }
        if (!c.LittleEndian) v = Cpu.Swap(v, size);
        return true;
    }

    internal static void Lbarx(Cpu c, uint w)
    {
        if (LoadReserve(c, EaIndexed(c, w), 1, out ulong v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Lharx(Cpu c, uint w)
    {
        if (LoadReserve(c, EaIndexed(c, w), 2, out ulong v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Lwarx(Cpu c, uint w)
    {
        if (LoadReserve(c, EaIndexed(c, w), 4, out ulong v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Ldarx(Cpu c, uint w)
    {
        if (LoadReserve(c, EaIndexed(c, w), 8, out ulong v)) c.Gpr[Rt(w)] = v;
    }

    internal static void Lqarx(Cpu c, uint w)
    {
        ulong ea = EaIndexed(c, w);
        if ((ea & 15) != 0)
        {
            c.RaiseStorage(MemFault.Alignment, ea, store: false);
            return;
        }
        if (c.DebugWatchHit(ea, 16, store: false)) return;
        var f = c.Mem.LoadReserve128(ea, out ulong lo, out ulong hi);
        if (f != MemFault.None)
        {
            c.RaiseStorage(f, ea, store: false);
            return;
        }
        int rtp = Rtp(w);
        if (c.LittleEndian)
        {
            c.Gpr[rtp] = hi;
            c.Gpr[rtp + 1] = lo;
        }
        else
        {
            c.Gpr[rtp] = Cpu.Swap(lo, 8);
            c.Gpr[rtp + 1] = Cpu.Swap(hi, 8);
        }
    }

    /// <summary>Stores if the reservation holds; CR0 = 0b00 || stored || XER[SO].</summary>
    private static void StoreConditional(Cpu c, ulong ea, int size, ulong v)
    {
        if ((ea & (ulong)(size - 1)) != 0)
        {
            c.RaiseStorage(MemFault.Alignment, ea, store: true);
            return;
        }
        if (c.DebugWatchHit(ea, size, store: true)) return;
        if (!c.LittleEndian) v = Cpu.Swap(v, size);
        var f = c.Mem.StoreConditional(ea, size, v, out bool stored);
        if (f != MemFault.None)
        {
            c.RaiseStorage(f, ea, store: true);
            return;
        }
        SetStoreConditionalCr0(c, stored);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetStoreConditionalCr0(Cpu c, bool stored) => SetCrField(c, 0, (stored ? 2u : 0u) | (c.So ? 1u : 0u));

    internal static void StbcxDot(Cpu c, uint w) => StoreConditional(c, EaIndexed(c, w), 1, (byte)c.Gpr[Rs(w)]);

    internal static void SthcxDot(Cpu c, uint w) => StoreConditional(c, EaIndexed(c, w), 2, (ushort)c.Gpr[Rs(w)]);

    internal static void StwcxDot(Cpu c, uint w) => StoreConditional(c, EaIndexed(c, w), 4, (uint)c.Gpr[Rs(w)]);

    internal static void StdcxDot(Cpu c, uint w) => StoreConditional(c, EaIndexed(c, w), 8, c.Gpr[Rs(w)]);

    internal static void StqcxDot(Cpu c, uint w)
    {
        ulong ea = EaIndexed(c, w);
        if ((ea & 15) != 0)
        {
            c.RaiseStorage(MemFault.Alignment, ea, store: true);
            return;
        }
        int rsp = Rsp(w);
        ulong high = c.Gpr[rsp], low = c.Gpr[rsp + 1];
        // lo is the doubleword at EA: RSp+1 in little-endian mode, RSp (byte-swapped) in big-endian.
        ulong lo = c.LittleEndian ? low : Cpu.Swap(high, 8);
        ulong hi = c.LittleEndian ? high : Cpu.Swap(low, 8);
        if (c.DebugWatchHit(ea, 16, store: true)) return;
        var f = c.Mem.StoreConditional128(ea, lo, hi, out bool stored);
        if (f != MemFault.None)
        {
            c.RaiseStorage(f, ea, store: true);
            return;
        }
        SetStoreConditionalCr0(c, stored);
    }

    // ---- cache management (Book II 4.3) ------------------------------------------------------
    // Storage is coherent and the decode cache follows writes (MemoryPort.CodeWritten), so the
    // flush and touch instructions change no architected state. Touches never fault.

    internal static void Dcbt(Cpu c, uint w)
    {
    }

    internal static void Dcbtst(Cpu c, uint w)
    {
    }

    internal static void Icbt(Cpu c, uint w)
    {
    }

    internal static void Dcbst(Cpu c, uint w)
    {
    }

    internal static void Dcbf(Cpu c, uint w)
    {
    }

    internal static void Icbi(Cpu c, uint w)
    {
    }

    /// <summary>dst, dstt, dstst, dststt, dss, dssall: data-stream hints, no architected effect.</summary>
    internal static void Dst(Cpu c, uint w)
    {
    }

    /// <summary>Zeroes the 128-byte block holding EA; a fault reports EA itself in DAR.</summary>
    internal static void Dcbz(Cpu c, uint w)
    {
        ulong ea = EaIndexed(c, w);
        // Probe at EA first so the interrupt names the instruction's address, then zero the block
        // (one page, as the block is aligned: no partial zeroing).
        if (!c.Store8(ea, 0)) return;
        ulong block = ea & ~(ulong)(CacheBlockSize - 1);
        for (int i = 0; i < CacheBlockSize; i += 8)
            if (!c.Store64(block + (ulong)i, 0)) return;
    }

    // ---- synchronization (Book II 4.6) -------------------------------------------------------

    internal static void Sync(Cpu c, uint w) => c.Mem.Barrier(BarrierKind.Sync);

    internal static void Lwsync(Cpu c, uint w) => c.Mem.Barrier(BarrierKind.Lwsync);

    internal static void Ptesync(Cpu c, uint w) => c.Mem.Barrier(BarrierKind.Ptesync);

    internal static void Eieio(Cpu c, uint w) => c.Mem.Barrier(BarrierKind.Eieio);

    internal static void Isync(Cpu c, uint w) => c.Mem.Barrier(BarrierKind.Isync);
}
