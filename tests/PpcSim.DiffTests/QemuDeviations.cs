using PpcSim.Isa;

namespace PpcSim.DiffTests;

/// <summary>
/// Where qemu-ppc64le 7.2 (the oracle) knowingly departs from Power ISA 3.0B, the comparison
/// cannot hold PpcSim to qemu's bits: those bits are poisoned like undefined ones, each rule with
/// its reason. Keep this list short and specific; every entry is a known oracle bug, not a
/// PpcSim excuse. (The FP chapter's own qemu test documents the same deviations.)
/// </summary>
public static class QemuDeviations
{
    private static readonly ulong s_fr = StateGenerator.FpscrBit(45);
    private static readonly ulong s_fx = StateGenerator.FpscrBit(32);
    private static readonly ulong s_fprf = 0x1fUL << (63 - 51);
    /// <summary>Sticky exception bits OX UX ZX XX and the VX causes.</summary>
    private static readonly ulong s_exceptions = (0xfUL << (63 - 38)) | StateGenerator.FpscrVxBits;

    /// <summary>Poison present before the first instruction.</summary>
    public static Poison Initial()
    {
        var p = new Poison();
        p.Add(ArchState.Fpscr, s_fr, "qemu 7.2 deviation: never sets FPSCR[FR] (fraction rounded), ISA 4.2.2");
        return p;
    }

    /// <summary>Poisons what qemu will get wrong for this instruction on these operands; or refuses the
    /// instruction (non-null reason) where qemu cannot run it at all.</summary>
    public static string? Apply(UndefinedRules.Ctx c)
    {
        var s = c.Spec;
        // dcbf L=3 (dcbflp, ISA 3.0B 4.3.2) raises SIGILL under qemu 7.2.
        if (s.Handler == "Dcbf" && c.Has("l2") && c.F("l2") == 3) return "qemu 7.2 deviation: dcbf L=3 (dcbflp) is an illegal instruction there";
        // qemu 7.2's vrldmi does not insert: bits outside the mask come out zero, as for vrldnm (ISA 3.0B 6.9.2).
        if (s.Handler == "Vrldmi")
        {
            var b = c.Cpu.Vr(c.F("vrb"));
            int t = 32 + c.F("vrt");
            const string why = "qemu 7.2 deviation: vrldmi zeroes instead of keeping VRT bits outside the mask";
            c.Poison.Add(ArchState.VsrDw0(t), ~RotateMask(b.Dw0), why);
            c.Poison.Add(ArchState.VsrDw1(t), ~RotateMask(b.Dw1), why);
        }
        ulong fpscr = c.Cpu.Fpscr;
        bool writesFpscr = s.Writes.Contains("fpscr");
        // ISA 4.2.2: FX is set only when an exception bit changes from 0 to 1; qemu sets it on
        // every exception, so with FX=0 and an exception bit already set the two can part.
        if (writesFpscr && !s.Handler.StartsWith("Mtfs", StringComparison.Ordinal) && s.Handler != "Mcrfs"
            && (fpscr & s_fx) == 0 && (fpscr & s_exceptions) != 0)
            c.Poison.Add(ArchState.Fpscr, s_fx, "qemu 7.2 deviation: sets FPSCR[FX] on every exception, not only on a 0->1 change (ISA 4.2.2)");
        // qemu leaves FPRF unchanged for fcfids, fcfidu and fcfidus (ISA 4.6.7: FPRF is set).
        if (s.Handler is "Fcfids" or "Fcfidu" or "Fcfidus")
            c.Poison.Add(ArchState.Fpscr, s_fprf, "qemu 7.2 deviation: fcfids/fcfidu/fcfidus leave FPRF unchanged (ISA 4.6.7)");
        // ISA 4.6.5.2 / 7.6: the negative multiply-adds round the sum and then negate it; qemu
        // negates before rounding, so under RN=+inf/-inf the last bit (and FPRF at overflow) differ.
        if (IsNegativeMultiplyAdd(s) && (fpscr & 3) >= 2)
        {
            const string why = "qemu 7.2 deviation: fnmadd/fnmsub (and VSX xsnm*/xvnm*) negate before rounding, the ISA rounds then negates (directed rounding modes)";
            if (c.Has("frt")) c.Poison.Add(ArchState.VsrDw0(c.F("frt")), ulong.MaxValue, why);
            if (c.Has("xt"))
            {
                c.Poison.Add(ArchState.VsrDw0(c.F("xt")), ulong.MaxValue, why);
                c.Poison.Add(ArchState.VsrDw1(c.F("xt")), ulong.MaxValue, why);
            }
            c.Poison.Add(ArchState.Fpscr, s_fprf, why);
        }
        return null;
    }

    /// <summary>MASK(mb, me) of a 64-bit rotate, mb = b[42:47], me = b[50:55] (ISA bit numbering).</summary>
    private static ulong RotateMask(ulong b)
    {
        int mb = (int)((b >> 16) & 63), me = (int)((b >> 8) & 63);
        ulong fromMb = ulong.MaxValue >> mb, toMe = ulong.MaxValue << (63 - me);
        return mb <= me ? fromMb & toMe : fromMb | toMe;
    }

    private static bool IsNegativeMultiplyAdd(InsnSpec s) =>
        s.Handler is "Fnmadd" or "Fnmsub" or "Fnmadds" or "Fnmsubs"
        || s.Name.StartsWith("xsnm", StringComparison.Ordinal) || s.Name.StartsWith("xvnm", StringComparison.Ordinal);
}
