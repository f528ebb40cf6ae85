using PpcSim.Core.Random;
namespace PpcSim.DiffTests;

/// <summary>
/// Seeded random initial states. Values lean towards the edges where emulators go wrong:
/// sign and carry boundaries for integers; zeros, infinities, quiet and signalling NaNs,
/// denormals and single-representable values for floating point.
/// </summary>
public static class StateGenerator
{
    private static readonly ulong[] s_intSpecials =
    [
        0, 1, ulong.MaxValue, 2, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0xffff_ffff_8000_0000, 0x1_0000_0000,
        0x7fff_ffff_ffff_ffff, 0x8000_0000_0000_0000, 0xffff_ffff_ffff_fffe, 0x8000, 0x7fff, 0xffff, 0xffff_ffff_ffff_8000,
        0x0000_0000_8000_0001, 0x00ff_00ff_00ff_00ff, 0x5555_5555_5555_5555, 0xaaaa_aaaa_aaaa_aaaa,
    ];

    private static readonly ulong[] s_doubleSpecials =
    [
        0x0000_0000_0000_0000, 0x8000_0000_0000_0000, // +-0
        0x7ff0_0000_0000_0000, 0xfff0_0000_0000_0000, // +-inf
        0x7ff8_0000_0000_0000, 0xfff8_0000_0000_0000, 0x7ff8_0000_dead_beef, // qNaN
        0x7ff0_0000_0000_0001, 0xfff4_0000_0000_0000, 0x7ff7_ffff_ffff_ffff, // sNaN
        0x0000_0000_0000_0001, 0x000f_ffff_ffff_ffff, 0x8008_0000_0000_0000, // denormals
        0x0010_0000_0000_0000, 0x7fef_ffff_ffff_ffff, 0xffef_ffff_ffff_ffff, // min/max normal
        0x3ff0_0000_0000_0000, 0xbff0_0000_0000_0000, 0x4000_0000_0000_0000, 0x3fe0_0000_0000_0000, 0x4008_0000_0000_0000,
        0x41df_ffff_ffc0_0000, 0x41e0_0000_0000_0000, 0xc1e0_0000_0000_0000, 0xc1e0_0000_0020_0000, // +-2^31 edges
        0x43e0_0000_0000_0000, 0xc3e0_0000_0000_0000, 0x43df_ffff_ffff_ffff, 0x41f0_0000_0000_0000, // 2^63, 2^32 edges
        0x3fe0_0000_0000_0001, 0x3ff8_0000_0000_0000, 0x4004_0000_0000_0000, 0xbfe0_0000_0000_0000, // halves for rounding
        0x3810_0000_0000_0000, 0x36a0_0000_0000_0000, 0x47ef_ffff_e000_0000, 0x47f0_0000_0000_0000, // single range edges
    ];

    private static readonly uint[] s_floatSpecials =
    [
        0x0000_0000, 0x8000_0000, 0x7f80_0000, 0xff80_0000, 0x7fc0_0000, 0xffc0_0000, 0x7f80_0001, 0x7fa0_0000,
        0x0000_0001, 0x007f_ffff, 0x8040_0000, 0x0080_0000, 0x7f7f_ffff, 0xff7f_ffff, 0x3f80_0000, 0xbf80_0000,
        0x3f00_0000, 0x4f00_0000, 0xcf00_0000, 0x4f80_0000, 0x3fc0_0000, 0x4040_0000,
    ];

    public static ulong RandomInt(Xoshiro256StarStar rng) => rng.Below(8) switch
    {
        0 or 1 => rng.Pick(s_intSpecials),
        2 => (ulong)(long)rng.Range(-20, 20),
        3 => (ulong)(long)(int)rng.Next(),            // sign-extended word
        4 => rng.Next() & 0xffff_ffff,                   // zero-extended word
        5 => 1UL << rng.Below(64),
        _ => rng.Next(),
    };

    public static ulong RandomDouble(Xoshiro256StarStar rng) => rng.Below(8) switch
    {
        0 or 1 or 2 => rng.Pick(s_doubleSpecials),
        3 => BitConverter.DoubleToUInt64Bits(FloatToDouble(RandomFloat(rng))),
        4 => BitConverter.DoubleToUInt64Bits(rng.Range(-5000, 5000) / (double)(1 << rng.Below(6))),
        5 => (rng.Next() & 0x800f_ffff_ffff_ffffUL) | ((ulong)rng.Range(1023 - 70, 1023 + 70) << 52),
        _ => rng.Next(),
    };

    public static uint RandomFloat(Xoshiro256StarStar rng) => rng.Below(6) switch
    {
        0 or 1 => rng.Pick(s_floatSpecials),
        2 => BitConverter.SingleToUInt32Bits(rng.Range(-3000, 3000) / (float)(1 << rng.Below(6))),
        3 => ((uint)rng.Next() & 0x807f_ffffu) | ((uint)rng.Range(127 - 30, 127 + 30) << 23),
        _ => (uint)rng.Next(),
    };

    /// <summary>Single-precision bits as the double they represent (NaN payloads kept, as lfs does).</summary>
    private static double FloatToDouble(uint f) => BitConverter.UInt32BitsToSingle(f);

    private static (ulong, ulong) RandomVector(Xoshiro256StarStar rng)
    {
        switch (rng.Below(6))
        {
            case 0: return (RandomDouble(rng), RandomDouble(rng));
            case 1:
            case 2:
                return (((ulong)RandomFloat(rng) << 32) | RandomFloat(rng), ((ulong)RandomFloat(rng) << 32) | RandomFloat(rng));
            case 3: return (RandomInt(rng), RandomInt(rng));
            case 4:
                {
                    // Byte/halfword patterns near saturation edges for the integer vector ops.
                    ulong a = 0, b = 0;
                    byte[] edge = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x81];
                    for (int i = 0; i < 8; i++)
                    {
                        a = (a << 8) | (rng.Chance(1, 2) ? edge[rng.Below(edge.Length)] : (byte)rng.Next());
                        b = (b << 8) | (rng.Chance(1, 2) ? edge[rng.Below(edge.Length)] : (byte)rng.Next());
                    }
                    return (a, b);
                }
            default: return (rng.Next(), rng.Next());
        }
    }

    // FPSCR bit masks (ISA bit n of the 64-bit FPSCR is 1UL << (63 - n)).
    public static ulong FpscrBit(int isaBit) => 1UL << (63 - isaBit);
    public const ulong FpscrVxBits = 0x01f8_0700UL;       // VXSNAN..VXVC (39-44), VXSOFT, VXSQRT, VXCVI (53-55)
    public const ulong FpscrEnables = 0xf8UL;             // VE OE UE ZE XE (56-60)
    public const ulong FpscrNi = 0x4UL;                   // 61
    public const ulong FpscrRn = 0x3UL;                   // 62-63

    public static ulong RandomFpscr(Xoshiro256StarStar rng)
    {
        ulong v = 0;
        // Sticky exception bits FX OX UX ZX XX (32, 35-38) and the VX* causes, each set now and then.
        foreach (int bit in new[] { 32, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 53, 54, 55 })
            if (rng.Chance(1, 5)) v |= FpscrBit(bit);
        // Real programs rarely hold exception bits with FX clear (FX is set with them); keep that
        // mostly so, which also keeps qemu's FX deviation (see QemuDeviations) from masking FX.
        if ((v & (0xfUL << (63 - 38) | FpscrVxBits)) != 0 && rng.Chance(3, 4)) v |= FpscrBit(32);
        // FR FI FPRF (45-51): any pattern.
        v |= (rng.Next() & 0x7f) << (63 - 51);
        if ((v & FpscrVxBits) != 0) v |= FpscrBit(34); // VX is the OR of the causes
        v |= rng.Next() & FpscrRn;
        v |= (ulong)rng.Below(8) << (63 - 31);        // DRN (29-31)
        // Enables, NI and FEX stay 0: no FP exception may trap, and non-IEEE mode is implementation-defined.
        return v;
    }

    public static ArchState Random(Xoshiro256StarStar rng)
    {
        var s = new ArchState();
        for (int i = 0; i < 32; i++) s[ArchState.Gpr(i)] = RandomInt(rng);
        s[ArchState.Gpr(Layout.BaseGpr)] = Layout.ScratchBoundary;
        for (int i = 0; i < 64; i++)
        {
            var (d0, d1) = i < 32 && rng.Chance(2, 3) ? (RandomDouble(rng), RandomDouble(rng)) : RandomVector(rng);
            s[ArchState.VsrDw0(i)] = d0;
            s[ArchState.VsrDw1(i)] = d1;
        }
        s[ArchState.Cr] = rng.Next() & 0xffff_ffff;
        // XER: SO OV CA (32-34), OV32 CA32 (44-45), byte count (57-63).
        ulong xer = rng.Next() & ((1UL << 31) | (1UL << 30) | (1UL << 29) | (1UL << 19) | (1UL << 18));
        s[ArchState.Xer] = xer | (rng.Chance(1, 4) ? rng.Next() & 0x7f : 0);
        s[ArchState.Fpscr] = RandomFpscr(rng);
        s[ArchState.Vscr] = (rng.Chance(1, 2) ? 0x1_0000UL : 0) | (rng.Chance(1, 3) ? 1UL : 0); // NJ, SAT
        s[ArchState.Lr] = RandomInt(rng);
        s[ArchState.Ctr] = rng.Chance(1, 2) ? (ulong)rng.Below(4) : RandomInt(rng);
        for (int k = 0; k < Layout.ScratchSize / 8; k++)
            s[ArchState.ScratchDw(k)] = rng.Chance(1, 4) ? RandomDouble(rng) : rng.Next();
        return s;
    }
}
