using System.Numerics;
using System.Runtime.CompilerServices;
using static PpcSim.Isa.Field;

namespace PpcSim.Core;

// Power ISA 3.0B Book I chapter 3: fixed-point facility (arithmetic, compare, trap, logical,
// rotate/shift, BCD assist). Where the ISA leaves a result undefined (divide overflow, the high
// word of 32-bit multiplies and divides) the handlers produce what QEMU 7.2's ppc64le user mode
// produces, so differential runs agree; each such spot says so.
public static partial class Interpreter
{
    /// <summary>MSR[SF]=0: 32-bit mode, where carries, overflow and CR0 look at the low word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Narrow(Cpu c) => (c.Msr & Msr.SF) == 0;

    /// <summary>
    /// a + b + carryIn with the ISA's XER side effects: CA/CA32 when <paramref name="setCa"/>
    /// (carrying forms), OV/OV32/SO when the OE bit is set. Every add/subtract form is one of
    /// these: subf is ~RA + RB + 1, subfe ~RA + RB + CA, addme RA + -1 + CA, and so on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddWithFlags(Cpu c, uint w, ulong a, ulong b, ulong carryIn, bool setCa)
    {
        ulong r = a + b + carryIn;
        if (setCa)
        {
            // Carry out of bit 0 (64-bit) and out of bit 32 (the low word), ISA 3.0 XER[CA32].
            ulong sum = a + b;
            bool ca = sum < a || r < sum;
            bool ca32 = (((a & 0xffff_ffffUL) + (b & 0xffff_ffffUL) + carryIn) >> 32) != 0;
            c.Ca = Narrow(c) ? ca32 : ca;
            c.Ca32 = ca32;
        }
        if (Oe(w))
        {
            // Signed overflow: both addends have the same sign and the result's differs.
            ulong ovBits = (a ^ r) & (b ^ r);
            bool ov32 = (ovBits & 0x8000_0000UL) != 0;
            SetOverflow(c, Narrow(c) ? ov32 : (long)ovBits < 0, ov32);
        }
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRt(Cpu c, uint w, ulong r)
    {
        c.Gpr[Rt(w)] = r;
        if (Rc(w)) SetCr0(c, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRa(Cpu c, uint w, ulong r)
    {
        c.Gpr[Ra(w)] = r;
        if (Rc(w)) SetCr0(c, r);
    }

    // ---- 3.3.9 add / subtract ------------------------------------------------------------

    internal static void Addi(Cpu c, uint w)
    {
        int ra = Ra0(w);
        c.Gpr[Rt(w)] = (ra == 0 ? 0 : c.Gpr[ra]) + (ulong)Si(w);
    }

    internal static void Addis(Cpu c, uint w)
    {
        int ra = Ra0(w);
        c.Gpr[Rt(w)] = (ra == 0 ? 0 : c.Gpr[ra]) + (ulong)(Si(w) << 16);
    }

    // addic/addic./subfic have no OE bit: bit 21 is part of SI, so the overflow path is skipped.
    internal static void Addic(Cpu c, uint w) => c.Gpr[Rt(w)] = AddWithFlags(c, 0, c.Gpr[Ra(w)], (ulong)Si(w), 0, setCa: true);

    internal static void AddicDot(Cpu c, uint w)
    {
        ulong r = AddWithFlags(c, 0, c.Gpr[Ra(w)], (ulong)Si(w), 0, setCa: true);
        c.Gpr[Rt(w)] = r;
        SetCr0(c, r);
    }

    internal static void Subfic(Cpu c, uint w) => c.Gpr[Rt(w)] = AddWithFlags(c, 0, ~c.Gpr[Ra(w)], (ulong)Si(w), 1, setCa: true);

    internal static void Add(Cpu c, uint w) => WriteRt(c, w, AddWithFlags(c, w, c.Gpr[Ra(w)], c.Gpr[Rb(w)], 0, setCa: false));

    internal static void Subf(Cpu c, uint w) => WriteRt(c, w, AddWithFlags(c, w, ~c.Gpr[Ra(w)], c.Gpr[Rb(w)], 1, setCa: false));

    internal static void Addc(Cpu c, uint w) => WriteRt(c, w, AddWithFlags(c, w, c.Gpr[Ra(w)], c.Gpr[Rb(w)], 0, setCa: true));

    internal static void Subfc(Cpu c, uint w) => WriteRt(c, w, AddWithFlags(c, w, ~c.Gpr[Ra(w)], c.Gpr[Rb(w)], 1, setCa: true));

    internal static void Adde(Cpu c, uint w) => WriteRt(c, w, AddWithFlags(c, w, c.Gpr[Ra(w)], c.Gpr[Rb(w)], c.Ca ? 1UL : 0, setCa: true));

    internal static void Subfe(Cpu c, uint w) => WriteRt(c, w, AddWithFlags(c, w, ~c.Gpr[Ra(w)], c.Gpr[Rb(w)], c.Ca ? 1UL : 0, setCa: true));

    internal static void Addme(Cpu c, uint w) => WriteRt(c, w, AddWithFlags(c, w, c.Gpr[Ra(w)], ulong.MaxValue, c.Ca ? 1UL : 0, setCa: true));

    internal static void Subfme(Cpu c, uint w) => WriteRt(c, w, AddWithFlags(c, w, ~c.Gpr[Ra(w)], ulong.MaxValue, c.Ca ? 1UL : 0, setCa: true));

    internal static void Addze(Cpu c, uint w) => WriteRt(c, w, AddWithFlags(c, w, c.Gpr[Ra(w)], 0, c.Ca ? 1UL : 0, setCa: true));

    internal static void Subfze(Cpu c, uint w) => WriteRt(c, w, AddWithFlags(c, w, ~c.Gpr[Ra(w)], 0, c.Ca ? 1UL : 0, setCa: true));

    /// <summary>neg: ~RA + 1; overflows only for the most negative number; CA untouched.</summary>
    internal static void Neg(Cpu c, uint w) => WriteRt(c, w, AddWithFlags(c, w, ~c.Gpr[Ra(w)], 0, 1, setCa: false));

    /// <summary>
    /// addex (ISA 3.0B 3.3.9): RA + RB + OV, carry out to OV (and OV32); SO untouched. Only CY=0
    /// is defined; the reserved CY values are treated as an illegal instruction.
    /// </summary>
    internal static void Addex(Cpu c, uint w)
    {
        if (Cy(w) != 0)
        {
            c.RaiseProgram(ProgramReason.IllegalInstruction);
            return;
        }
        ulong a = c.Gpr[Ra(w)], b = c.Gpr[Rb(w)], cin = c.Ov ? 1UL : 0;
        ulong sum = a + b, r = sum + cin;
        bool carry = sum < a || r < sum;
        bool carry32 = (((a & 0xffff_ffffUL) + (b & 0xffff_ffffUL) + cin) >> 32) != 0;
        c.Ov = Narrow(c) ? carry32 : carry;
        c.Ov32 = carry32;
        c.Gpr[Rt(w)] = r;
    }

    // ---- 3.3.9 multiply ------------------------------------------------------------------

    internal static void Mulli(Cpu c, uint w) => c.Gpr[Rt(w)] = (ulong)((long)c.Gpr[Ra(w)] * Si(w));

    /// <summary>mullw: the full 64-bit product of the low words; OV when it does not fit in 32 bits.</summary>
    internal static void Mullw(Cpu c, uint w)
    {
        long p = (long)(int)c.Gpr[Ra(w)] * (int)c.Gpr[Rb(w)];
        if (Oe(w))
        {
            bool ov = p != (int)p;
            SetOverflow(c, ov, ov);
        }
        WriteRt(c, w, (ulong)p);
    }

    internal static void Mulld(Cpu c, uint w)
    {
        long a = (long)c.Gpr[Ra(w)], b = (long)c.Gpr[Rb(w)];
        long hi = Math.BigMul(a, b, out long lo);
        if (Oe(w))
        {
            // mulldo: OV (and OV32, ISA 3.0) when the 128-bit product does not fit in 64 bits.
            bool ov = hi != (lo >> 63);
            SetOverflow(c, ov, ov);
        }
        WriteRt(c, w, (ulong)lo);
    }

    /// <summary>mulhw: RT[32:63] = high word of the signed 32x32 product; RT[0:31] undefined (QEMU: 0).</summary>
    internal static void Mulhw(Cpu c, uint w)
    {
        long p = (long)(int)c.Gpr[Ra(w)] * (int)c.Gpr[Rb(w)];
        WriteRt(c, w, (uint)(p >> 32));
    }

    internal static void Mulhwu(Cpu c, uint w)
    {
        ulong p = (ulong)(uint)c.Gpr[Ra(w)] * (uint)c.Gpr[Rb(w)];
        WriteRt(c, w, (uint)(p >> 32));
    }

    internal static void Mulhd(Cpu c, uint w) => WriteRt(c, w, (ulong)Math.BigMul((long)c.Gpr[Ra(w)], (long)c.Gpr[Rb(w)], out _));

    internal static void Mulhdu(Cpu c, uint w) => WriteRt(c, w, Math.BigMul(c.Gpr[Ra(w)], c.Gpr[Rb(w)], out _));

    // ---- 3.3.9 divide / modulo -----------------------------------------------------------
    // Divide overflow (x/0, MIN/-1, a quotient that does not fit) leaves RT undefined. QEMU 7.2
    // divides by 1 instead for divw/divwu/divd/divdu (RT = dividend) and returns 0 for the
    // extended forms and for mod*; we do the same. OV and OV32 are both set (ISA 3.0: OV32
    // mirrors OV for divides). The high word of divw/divwu results is zero, of divwe sign
    // extension, as in QEMU.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DivideOverflow(Cpu c, uint w, bool ov)
    {
        if (Oe(w)) SetOverflow(c, ov, ov);
    }

    internal static void Divw(Cpu c, uint w)
    {
        int a = (int)c.Gpr[Ra(w)], b = (int)c.Gpr[Rb(w)];
        bool ov = b == 0 || (a == int.MinValue && b == -1);
        DivideOverflow(c, w, ov);
        WriteRt(c, w, (uint)(ov ? a : a / b));
    }

    internal static void Divwu(Cpu c, uint w)
    {
        uint a = (uint)c.Gpr[Ra(w)], b = (uint)c.Gpr[Rb(w)];
        bool ov = b == 0;
        DivideOverflow(c, w, ov);
        WriteRt(c, w, ov ? a : a / b);
    }

    internal static void Divd(Cpu c, uint w)
    {
        long a = (long)c.Gpr[Ra(w)], b = (long)c.Gpr[Rb(w)];
        bool ov = b == 0 || (a == long.MinValue && b == -1);
        DivideOverflow(c, w, ov);
        WriteRt(c, w, (ulong)(ov ? a : a / b));
    }

    internal static void Divdu(Cpu c, uint w)
    {
        ulong a = c.Gpr[Ra(w)], b = c.Gpr[Rb(w)];
        bool ov = b == 0;
        DivideOverflow(c, w, ov);
        WriteRt(c, w, ov ? a : a / b);
    }

    /// <summary>divwe: (RA[32:63] || 32 zeros) / RB[32:63], signed; overflow if the quotient is not a signed word.</summary>
    internal static void Divwe(Cpu c, uint w)
    {
        long dividend = (long)((ulong)(uint)c.Gpr[Ra(w)] << 32);
        long divisor = (int)c.Gpr[Rb(w)];
        long q = 0;
        bool ov = divisor == 0 || (divisor == -1 && dividend == long.MinValue);
        if (!ov)
        {
            q = dividend / divisor;
            ov = q != (int)q;
        }
        DivideOverflow(c, w, ov);
        WriteRt(c, w, ov ? 0 : (ulong)q); // sign-extended, as QEMU leaves it
    }

    internal static void Divweu(Cpu c, uint w)
    {
        ulong dividend = (ulong)(uint)c.Gpr[Ra(w)] << 32;
        ulong divisor = (uint)c.Gpr[Rb(w)];
        ulong q = 0;
        bool ov = divisor == 0;
        if (!ov)
        {
            q = dividend / divisor;
            ov = q > uint.MaxValue;
        }
        DivideOverflow(c, w, ov);
        WriteRt(c, w, ov ? 0 : q);
    }

    /// <summary>
    /// divde: (RA || 64 zeros) / RB, signed 128-by-64; overflow if the quotient is not a signed
    /// doubleword. The undefined RT mirrors QEMU 7.2: 0 when |RA| &gt;= |RB| or RB = 0, otherwise
    /// the low 64 bits of the quotient, even when it overflows (QEMU then also fails to set OV,
    /// which we do set, as the ISA requires).
    /// </summary>
    internal static void Divde(Cpu c, uint w)
    {
        long a = (long)c.Gpr[Ra(w)], b = (long)c.Gpr[Rb(w)];
        ulong r = 0;
        bool ov = true;
        if (b != 0 && Int128.Abs(a) < Int128.Abs(b))
        {
            // |a| < |b| keeps the quotient below 2^64 in magnitude (and away from MinValue / -1).
            Int128 q = ((Int128)a << 64) / b;
            ov = q < long.MinValue || q > long.MaxValue;
            r = (ulong)q;
        }
        DivideOverflow(c, w, ov);
        WriteRt(c, w, r);
    }

    internal static void Divdeu(Cpu c, uint w)
    {
        ulong a = c.Gpr[Ra(w)], b = c.Gpr[Rb(w)];
        // The quotient fits in 64 bits exactly when RA < RB.
        bool ov = b == 0 || a >= b;
        ulong r = ov ? 0 : (ulong)(((UInt128)a << 64) / b);
        DivideOverflow(c, w, ov);
        WriteRt(c, w, r);
    }

    internal static void Modsw(Cpu c, uint w)
    {
        int a = (int)c.Gpr[Ra(w)], b = (int)c.Gpr[Rb(w)];
        bool undefined = b == 0 || (a == int.MinValue && b == -1);
        c.Gpr[Rt(w)] = (ulong)(long)(undefined ? 0 : a % b);
    }

    internal static void Moduw(Cpu c, uint w)
    {
        uint a = (uint)c.Gpr[Ra(w)], b = (uint)c.Gpr[Rb(w)];
        c.Gpr[Rt(w)] = b == 0 ? 0 : a % b;
    }

    internal static void Modsd(Cpu c, uint w)
    {
        long a = (long)c.Gpr[Ra(w)], b = (long)c.Gpr[Rb(w)];
        bool undefined = b == 0 || (a == long.MinValue && b == -1);
        c.Gpr[Rt(w)] = (ulong)(undefined ? 0 : a % b);
    }

    internal static void Modud(Cpu c, uint w)
    {
        ulong a = c.Gpr[Ra(w)], b = c.Gpr[Rb(w)];
        c.Gpr[Rt(w)] = b == 0 ? 0 : a % b;
    }

    /// <summary>
    /// darn (3.3.9): a number from the machine's seeded random source (deterministic runs).
    /// L=0: 32-bit conditioned, L=1: 64-bit conditioned, L=2: 64-bit raw; L=3 is reserved and
    /// returns the ISA's error value (all ones).
    /// </summary>
    internal static void Darn(Cpu c, uint w)
    {
        c.Gpr[Rt(w)] = Darnl(w) switch
        {
            0 => (uint)c.RandomSource(),
            1 or 2 => c.RandomSource(),
            _ => ulong.MaxValue,
        };
    }

    // ---- 3.3.10 compare --------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CompareSigned(Cpu c, int bf, long a, long b) =>
        SetCrField(c, bf, (a < b ? 8u : a > b ? 4u : 2u) | (c.So ? 1u : 0u));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CompareUnsigned(Cpu c, int bf, ulong a, ulong b) =>
        SetCrField(c, bf, (a < b ? 8u : a > b ? 4u : 2u) | (c.So ? 1u : 0u));

    // L=0 compares the low words (sign- or zero-extended), L=1 the doublewords.
    internal static void Cmpi(Cpu c, uint w)
    {
        ulong a = c.Gpr[Ra(w)];
        CompareSigned(c, Bf(w), L(w) != 0 ? (long)a : (int)a, Si(w));
    }

    internal static void Cmp(Cpu c, uint w)
    {
        ulong a = c.Gpr[Ra(w)], b = c.Gpr[Rb(w)];
        if (L(w) != 0) CompareSigned(c, Bf(w), (long)a, (long)b);
        else CompareSigned(c, Bf(w), (int)a, (int)b);
    }

    internal static void Cmpli(Cpu c, uint w)
    {
        ulong a = c.Gpr[Ra(w)];
        CompareUnsigned(c, Bf(w), L(w) != 0 ? a : (uint)a, (ulong)Ui(w));
    }

    internal static void Cmpl(Cpu c, uint w)
    {
        ulong a = c.Gpr[Ra(w)], b = c.Gpr[Rb(w)];
        if (L(w) != 0) CompareUnsigned(c, Bf(w), a, b);
        else CompareUnsigned(c, Bf(w), (uint)a, (uint)b);
    }

    /// <summary>cmprb: is RA's low byte within one (L=0) or either of two (L=1) byte ranges of RB? Sets GT.</summary>
    internal static void Cmprb(Cpu c, uint w)
    {
        uint x = (byte)c.Gpr[Ra(w)];
        ulong rb = c.Gpr[Rb(w)];
        bool inRange = x >= (byte)rb && x <= (byte)(rb >> 8);
        if (L(w) != 0) inRange |= x >= (byte)(rb >> 16) && x <= (byte)(rb >> 24);
        SetCrField(c, Bf(w), inRange ? 4u : 0u);
    }

    /// <summary>cmpeqb: does any byte of RB equal RA's low byte? Sets GT (ISA: 0b0 || match || 0b00).</summary>
    internal static void Cmpeqb(Cpu c, uint w)
    {
        ulong pattern = 0x0101_0101_0101_0101UL * (byte)c.Gpr[Ra(w)];
        ulong x = c.Gpr[Rb(w)] ^ pattern; // a matching byte becomes zero
        bool match = ((x - 0x0101_0101_0101_0101UL) & ~x & 0x8080_8080_8080_8080UL) != 0;
        SetCrField(c, Bf(w), match ? 4u : 0u);
    }

    // ---- 3.3.11 trap -----------------------------------------------------------------------

    /// <summary>The TO condition: bit 0 (16) lt, 1 (8) gt, 2 (4) eq, 3 (2) unsigned lt, 4 (1) unsigned gt.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TrapIf(Cpu c, int to, long a, long b)
    {
        if (((to & 16) != 0 && a < b) || ((to & 8) != 0 && a > b) || ((to & 4) != 0 && a == b)
            || ((to & 2) != 0 && (ulong)a < (ulong)b) || ((to & 1) != 0 && (ulong)a > (ulong)b))
            c.RaiseProgram(ProgramReason.Trap);
    }

    // The word forms compare sign-extended low words; sign extension keeps the unsigned order.
    internal static void Twi(Cpu c, uint w) => TrapIf(c, To(w), (int)c.Gpr[Ra(w)], Si(w));

    internal static void Tw(Cpu c, uint w) => TrapIf(c, To(w), (int)c.Gpr[Ra(w)], (int)c.Gpr[Rb(w)]);

    internal static void Tdi(Cpu c, uint w) => TrapIf(c, To(w), (long)c.Gpr[Ra(w)], Si(w));

    internal static void Td(Cpu c, uint w) => TrapIf(c, To(w), (long)c.Gpr[Ra(w)], (long)c.Gpr[Rb(w)]);

    // ---- 3.3.12 isel -----------------------------------------------------------------------

    internal static void Isel(Cpu c, uint w)
    {
        int ra = Ra0(w);
        c.Gpr[Rt(w)] = CrBit(c, Isa.Field.Bc(w)) ? (ra == 0 ? 0 : c.Gpr[ra]) : c.Gpr[Rb(w)];
    }

    // ---- 3.3.13 logical --------------------------------------------------------------------

    internal static void AndiDot(Cpu c, uint w)
    {
        ulong r = c.Gpr[Rs(w)] & (uint)Ui(w);
        c.Gpr[Ra(w)] = r;
        SetCr0(c, r);
    }

    internal static void AndisDot(Cpu c, uint w)
    {
        ulong r = c.Gpr[Rs(w)] & ((ulong)(uint)Ui(w) << 16);
        c.Gpr[Ra(w)] = r;
        SetCr0(c, r);
    }

    internal static void Ori(Cpu c, uint w) => c.Gpr[Ra(w)] = c.Gpr[Rs(w)] | (uint)Ui(w);

    internal static void Oris(Cpu c, uint w) => c.Gpr[Ra(w)] = c.Gpr[Rs(w)] | ((ulong)(uint)Ui(w) << 16);

    internal static void Xori(Cpu c, uint w) => c.Gpr[Ra(w)] = c.Gpr[Rs(w)] ^ (uint)Ui(w);

    internal static void Xoris(Cpu c, uint w) => c.Gpr[Ra(w)] = c.Gpr[Rs(w)] ^ ((ulong)(uint)Ui(w) << 16);

    internal static void And(Cpu c, uint w) => WriteRa(c, w, c.Gpr[Rs(w)] & c.Gpr[Rb(w)]);

    internal static void Andc(Cpu c, uint w) => WriteRa(c, w, c.Gpr[Rs(w)] & ~c.Gpr[Rb(w)]);

    internal static void Or(Cpu c, uint w) => WriteRa(c, w, c.Gpr[Rs(w)] | c.Gpr[Rb(w)]);

    internal static void Orc(Cpu c, uint w) => WriteRa(c, w, c.Gpr[Rs(w)] | ~c.Gpr[Rb(w)]);

    internal static void Xor(Cpu c, uint w) => WriteRa(c, w, c.Gpr[Rs(w)] ^ c.Gpr[Rb(w)]);

    internal static void Nand(Cpu c, uint w) => WriteRa(c, w, ~(c.Gpr[Rs(w)] & c.Gpr[Rb(w)]));

    internal static void Nor(Cpu c, uint w) => WriteRa(c, w, ~(c.Gpr[Rs(w)] | c.Gpr[Rb(w)]));

    internal static void Eqv(Cpu c, uint w) => WriteRa(c, w, ~(c.Gpr[Rs(w)] ^ c.Gpr[Rb(w)]));

    internal static void Extsb(Cpu c, uint w) => WriteRa(c, w, (ulong)(long)(sbyte)c.Gpr[Rs(w)]);

    internal static void Extsh(Cpu c, uint w) => WriteRa(c, w, (ulong)(long)(short)c.Gpr[Rs(w)]);

    internal static void Extsw(Cpu c, uint w) => WriteRa(c, w, (ulong)(long)(int)c.Gpr[Rs(w)]);

    internal static void Cntlzw(Cpu c, uint w) => WriteRa(c, w, (ulong)BitOperations.LeadingZeroCount((uint)c.Gpr[Rs(w)]));

    internal static void Cntlzd(Cpu c, uint w) => WriteRa(c, w, (ulong)BitOperations.LeadingZeroCount(c.Gpr[Rs(w)]));

    internal static void Cnttzw(Cpu c, uint w) => WriteRa(c, w, (ulong)BitOperations.TrailingZeroCount((uint)c.Gpr[Rs(w)]));

    internal static void Cnttzd(Cpu c, uint w) => WriteRa(c, w, (ulong)BitOperations.TrailingZeroCount(c.Gpr[Rs(w)]));

    /// <summary>popcntb: each byte of RA = number of ones in that byte of RS.</summary>
    internal static void Popcntb(Cpu c, uint w)
    {
        ulong x = c.Gpr[Rs(w)];
        x = (x & 0x5555_5555_5555_5555UL) + ((x >> 1) & 0x5555_5555_5555_5555UL);
        x = (x & 0x3333_3333_3333_3333UL) + ((x >> 2) & 0x3333_3333_3333_3333UL);
        x = (x & 0x0f0f_0f0f_0f0f_0f0fUL) + ((x >> 4) & 0x0f0f_0f0f_0f0f_0f0fUL);
        c.Gpr[Ra(w)] = x;
    }

    internal static void Popcntw(Cpu c, uint w)
    {
        ulong x = c.Gpr[Rs(w)];
        c.Gpr[Ra(w)] = ((ulong)BitOperations.PopCount(x >> 32) << 32) | (uint)BitOperations.PopCount((uint)x);
    }

    internal static void Popcntd(Cpu c, uint w) => c.Gpr[Ra(w)] = (ulong)BitOperations.PopCount(c.Gpr[Rs(w)]);

    /// <summary>prtyw: per word, the parity of the least-significant bit of each of its bytes.</summary>
    internal static void Prtyw(Cpu c, uint w)
    {
        ulong x = c.Gpr[Rs(w)] & 0x0101_0101_0101_0101UL;
        x ^= x >> 16;
        x ^= x >> 8;
        c.Gpr[Ra(w)] = x & 0x0000_0001_0000_0001UL;
    }

    internal static void Prtyd(Cpu c, uint w) =>
        c.Gpr[Ra(w)] = (ulong)(BitOperations.PopCount(c.Gpr[Rs(w)] & 0x0101_0101_0101_0101UL) & 1);

    /// <summary>cmpb: each byte of RA is 0xff where RS and RB have equal bytes, else 0.</summary>
    internal static void Cmpb(Cpu c, uint w)
    {
        ulong s = c.Gpr[Rs(w)], b = c.Gpr[Rb(w)], r = 0;
        for (int i = 0; i < 64; i += 8)
            if (((s ^ b) >> i & 0xff) == 0) r |= 0xffUL << i;
        c.Gpr[Ra(w)] = r;
    }

    /// <summary>bpermd: bit i of the result (from the left, of 8) = RB bit RS.byte[i] (ISA numbering), 0 if that index is 64 or more.</summary>
    internal static void Bpermd(Cpu c, uint w)
    {
        ulong s = c.Gpr[Rs(w)], b = c.Gpr[Rb(w)], r = 0;
        for (int i = 0; i < 8; i++)
        {
            int index = (int)(s >> (56 - 8 * i)) & 0xff;
            if (index < 64 && ((b >> (63 - index)) & 1) != 0) r |= 1UL << (7 - i);
        }
        c.Gpr[Ra(w)] = r;
    }

    // ---- 3.3.14 rotate and shift ----------------------------------------------------------

    /// <summary>The ISA's MASK(mstart, mstop) in its bit numbering (0 = most significant); wraps when mstart &gt; mstop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mask(int mstart, int mstop)
    {
        ulong fromStart = ulong.MaxValue >> mstart;
        ulong toStop = ulong.MaxValue << (63 - mstop);
        return mstart <= mstop ? fromStart & toStop : fromStart | toStop;
    }

    /// <summary>ROTL32: the low word doubled into both halves, rotated left (so 32-bit rotates fill the high word).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Rotl32(ulong x, int n)
    {
        ulong lo = (uint)x;
        return BitOperations.RotateLeft(lo | (lo << 32), n);
    }

    internal static void Rlwinm(Cpu c, uint w) =>
        WriteRa(c, w, Rotl32(c.Gpr[Rs(w)], Sh(w)) & Mask(Mb(w) + 32, Me(w) + 32));

    internal static void Rlwnm(Cpu c, uint w) =>
        WriteRa(c, w, Rotl32(c.Gpr[Rs(w)], (int)c.Gpr[Rb(w)] & 31) & Mask(Mb(w) + 32, Me(w) + 32));

    internal static void Rlwimi(Cpu c, uint w)
    {
        ulong m = Mask(Mb(w) + 32, Me(w) + 32);
        WriteRa(c, w, (Rotl32(c.Gpr[Rs(w)], Sh(w)) & m) | (c.Gpr[Ra(w)] & ~m));
    }

    internal static void Rldicl(Cpu c, uint w) =>
        WriteRa(c, w, BitOperations.RotateLeft(c.Gpr[Rs(w)], Sh6(w)) & Mask(Mb6(w), 63));

    internal static void Rldicr(Cpu c, uint w) =>
        WriteRa(c, w, BitOperations.RotateLeft(c.Gpr[Rs(w)], Sh6(w)) & Mask(0, Me6(w)));

    internal static void Rldic(Cpu c, uint w) =>
        WriteRa(c, w, BitOperations.RotateLeft(c.Gpr[Rs(w)], Sh6(w)) & Mask(Mb6(w), 63 - Sh6(w)));

    internal static void Rldimi(Cpu c, uint w)
    {
        ulong m = Mask(Mb6(w), 63 - Sh6(w));
        WriteRa(c, w, (BitOperations.RotateLeft(c.Gpr[Rs(w)], Sh6(w)) & m) | (c.Gpr[Ra(w)] & ~m));
    }

    internal static void Rldcl(Cpu c, uint w) =>
        WriteRa(c, w, BitOperations.RotateLeft(c.Gpr[Rs(w)], (int)c.Gpr[Rb(w)] & 63) & Mask(Mb6(w), 63));

    internal static void Rldcr(Cpu c, uint w) =>
        WriteRa(c, w, BitOperations.RotateLeft(c.Gpr[Rs(w)], (int)c.Gpr[Rb(w)] & 63) & Mask(0, Me6(w)));

    // Shift amounts come from RB[58:63] (word) or RB[57:63] (doubleword): 32..63 / 64..127 clear.
    internal static void Slw(Cpu c, uint w)
    {
        int n = (int)c.Gpr[Rb(w)] & 63;
        WriteRa(c, w, n < 32 ? (uint)(c.Gpr[Rs(w)] << n) : 0);
    }

    internal static void Srw(Cpu c, uint w)
    {
        int n = (int)c.Gpr[Rb(w)] & 63;
        WriteRa(c, w, n < 32 ? (uint)c.Gpr[Rs(w)] >> n : 0);
    }

    internal static void Sld(Cpu c, uint w)
    {
        int n = (int)c.Gpr[Rb(w)] & 127;
        WriteRa(c, w, n < 64 ? c.Gpr[Rs(w)] << n : 0);
    }

    internal static void Srd(Cpu c, uint w)
    {
        int n = (int)c.Gpr[Rb(w)] & 127;
        WriteRa(c, w, n < 64 ? c.Gpr[Rs(w)] >> n : 0);
    }

    /// <summary>Algebraic right shift of the low word; CA = negative and a 1 bit was shifted out. CA32 = CA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftRightWord(Cpu c, uint w, int n)
    {
        int s = (int)c.Gpr[Rs(w)];
        bool ca;
        long r;
        if (n < 32)
        {
            r = s >> n;
            ca = s < 0 && ((uint)s & ((1u << n) - 1)) != 0;
        }
        else
        {
            r = s >> 31;
            ca = s < 0;
        }
        c.Ca = c.Ca32 = ca;
        WriteRa(c, w, (ulong)r);
    }

    internal static void Sraw(Cpu c, uint w) => ShiftRightWord(c, w, (int)c.Gpr[Rb(w)] & 63);

    internal static void Srawi(Cpu c, uint w) => ShiftRightWord(c, w, Sh(w));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftRightDouble(Cpu c, uint w, int n)
    {
        long s = (long)c.Gpr[Rs(w)];
        bool ca;
        long r;
        if (n < 64)
        {
            r = s >> n;
            ca = s < 0 && ((ulong)s & ((1UL << n) - 1)) != 0;
        }
        else
        {
            r = s >> 63;
            ca = s < 0;
        }
        c.Ca = c.Ca32 = ca;
        WriteRa(c, w, (ulong)r);
    }

    internal static void Srad(Cpu c, uint w) => ShiftRightDouble(c, w, (int)c.Gpr[Rb(w)] & 127);

    internal static void Sradi(Cpu c, uint w) => ShiftRightDouble(c, w, Sh6(w));

    /// <summary>extswsli (ISA 3.0): sign-extend the low word, then shift left by SH.</summary>
    internal static void Extswsli(Cpu c, uint w) => WriteRa(c, w, (ulong)(long)(int)c.Gpr[Rs(w)] << Sh6(w));

    // ---- 3.3.18 BCD assist ----------------------------------------------------------------

    /// <summary>cdtbcd: per word, the two DPD declets in bits 12:31 become six BCD digits in bits 8:31.</summary>
    internal static void Cdtbcd(Cpu c, uint w)
    {
        ulong s = c.Gpr[Rs(w)], r = 0;
        for (int word = 0; word < 64; word += 32)
        {
            uint x = (uint)(s >> word);
            ulong bcd = ((ulong)Dpd.ToBcd((x >> 10) & 0x3ff) << 12) | Dpd.ToBcd(x & 0x3ff);
            r |= bcd << word;
        }
        c.Gpr[Ra(w)] = r;
    }

    /// <summary>cbcdtd: per word, six BCD digits in bits 8:31 become two DPD declets in bits 12:31.</summary>
    internal static void Cbcdtd(Cpu c, uint w)
    {
        ulong s = c.Gpr[Rs(w)], r = 0;
        for (int word = 0; word < 64; word += 32)
        {
            uint x = (uint)(s >> word);
            ulong dpd = ((ulong)Dpd.FromBcd((x >> 12) & 0xfff) << 10) | Dpd.FromBcd(x & 0xfff);
            r |= dpd << word;
        }
        c.Gpr[Ra(w)] = r;
    }

    /// <summary>addg6s: 6 in every BCD digit of RT whose digit position produced no carry in RA + RB.</summary>
    internal static void Addg6s(Cpu c, uint w)
    {
        ulong a = c.Gpr[Ra(w)], b = c.Gpr[Rb(w)], sum = a + b;
        // Carry into bit k of the sum is bit k of (a ^ b ^ sum); the carry out of digit i is
        // the carry into digit i+1, and out of the top digit the carry out of the whole add.
        ulong carries = (a ^ b ^ sum) >> 4 | (sum < a ? 1UL << 60 : 0);
        ulong r = 0;
        for (int i = 0; i < 64; i += 4)
            if (((carries >> i) & 1) == 0) r |= 6UL << i;
        c.Gpr[Rt(w)] = r;
    }
}
