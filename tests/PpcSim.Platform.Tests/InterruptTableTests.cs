using System.Globalization;
using Xunit.Abstractions;
using PpcSim.TestSupport;

namespace PpcSim.Platform.Tests;

/// <summary>
/// Issue 4's per-interrupt table: guest/irqtable.S provokes each interrupt on one thread and
/// prints one line per case (vector, SRR0/SRR1, HSRR0/HSRR1, MSR at the vector, DAR/DSISR/HEIR
/// where the interrupt defines them). The same image runs on PpcSim and on QEMU powernv9.
/// (1) PpcSim's lines must equal the ISA expectations written below, so a bug PpcSim shares with
/// QEMU still fails; (2) QEMU's lines must equal PpcSim's except the listed, explained deviations.
/// </summary>
/// <remarks>
/// Expectations from Power ISA 3.0B Book III chapter 7 ("Interrupts"):
/// <list type="bullet">
/// <item>SRR1/HSRR1 are compared unmasked: bits 0:32, 37:41 and 48:63 are copied from the MSR
/// for every interrupt here, and bits 33:36 and 42:47 are interrupt-specific, "set to 0" unless
/// the interrupt's definition says otherwise (Program: 43 FP, 44 illegal, 45 privileged, 46 trap;
/// ISI: 33 not found, 35 no-execute, 36 protection; System Reset: 42:45 wake reason, 46:47 state
/// loss). So all 64 bits are architected.</item>
/// <item>SRR0/HSRR0: the faulting instruction, except System Call (the next instruction) and
/// asynchronous interrupts (the instruction that would have run next).</item>
/// <item>Which pair: HSRR0/1 for the hypervisor-level interrupts (Hypervisor Decrementer,
/// Hypervisor Emulation Assistance, Directed Hypervisor Doorbell, ...), SRR0/1 for the rest,
/// System Call included even with LEV=1.</item>
/// <item>MSR at the vector ("MSR setting due to interrupt"): SF=1; HV set by hypervisor
/// interrupts, System Reset and sc LEV=1, otherwise unchanged (always 1 here); ME unchanged (set
/// by a System Reset out of a power-saving state); LE = HILE
/// (HID0[4] on POWER9) when the new HV=1; IR DR FE0 FE1 EE PR FP VEC VSX SE BE PMM = 0; RI = 0
/// for interrupts that use SRR0/1 and UNCHANGED for those that use HSRR0/1 (they do not clobber
/// SRR0/1, so the recoverability RI describes still holds; Linux's KVM relies on it: "HSRR
/// interrupts leave MSR[RI] unchanged, SRR interrupts clear it").</item>
/// <item>DSI: DAR = EA; DSISR 33 not found, 36 protection, 38 store. Alignment: DAR = EA (DSISR
/// is not set by ISA 3.0 alignment interrupts, so not printed). HEA: HEIR = the instruction.</item>
/// </list>
/// </remarks>
public class InterruptTableTests(ITestOutputHelper output)
{
    private const string EndLine = "irqtable: done";

    // MSR values the guest uses (see irqtable.S).
    private const ulong MsrBase = 0x9000_0000_0000_1003; // SF HV ME RI LE: hypervisor real mode
    private const ulong MsrUser = 0x9000_0000_0000_D033; // SF HV EE PR ME IR DR RI LE: problem state
    private const ulong Ee = 0x8000, Dr = 0x10, Ri = 0x2;
    private const ulong MsrAtVector = 0x9000_0000_0000_1001; // SF HV ME LE (RI added for HSRR interrupts)

    // SRR1 interrupt-specific bits (ISA bit n = 1 << (63 - n)).
    private const ulong ProgramTrap = 1UL << (63 - 46), ProgramPrivileged = 1UL << (63 - 45);
    private const ulong IsiNotFound = 1UL << (63 - 33), IsiNoExecute = 1UL << (63 - 35), IsiProtection = 1UL << (63 - 36);
    private const ulong SresetWakeDecrementer = 0b0110UL << (63 - 45), SresetNoStateLoss = 0b01UL << (63 - 47);
    private const ulong DsisrNotFound = 1UL << (63 - 33), DsisrProtection = 1UL << (63 - 36), DsisrStore = 1UL << (63 - 38);

    private enum Pair { Srr, Hsrr }

    /// <param name="Problem">Taken from problem state (entered through the other pair, which then
    /// holds the entry address and MsrUser); else from hypervisor state with both pairs zeroed.</param>
    private sealed record Case(string Name, int Vector, Pair Pair, bool Problem, ulong MsrBefore, int Srr0Offset, ulong Srr1Info = 0, string Extra = "");

    private static string Hex16(ulong v) => "0x" + v.ToString("x16", CultureInfo.InvariantCulture);

    private static string Hex(ulong v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);

    private static string Dar(ulong ea, ulong? dsisr) => " dar=" + Hex16(ea) + (dsisr is { } d ? " dsisr=" + Hex(d) : "");

    /// <summary>The ISA table: one entry per line the guest prints, in order.</summary>
    private static readonly Case[] s_table =
    [
        // ---- hypervisor state, real mode ----
        new("sc_hv", 0xC00, Pair.Srr, false, MsrBase, 4),                       // System Call: SRR0 = next
        new("sc1_hv", 0xC00, Pair.Srr, false, MsrBase, 4),                      // sc 1: still SRR0/1, HV set
        new("trap_tw_hv", 0x700, Pair.Srr, false, MsrBase, 0, ProgramTrap),
        new("trap_td_hv", 0x700, Pair.Srr, false, MsrBase, 0, ProgramTrap),
        // POWER9 raises Hypervisor Emulation Assistance for an illegal instruction (HEIR = image).
        new("illegal_hv", 0xE40, Pair.Hsrr, false, MsrBase, 0, Extra: " heir=0x1234"),
        new("fp_unavail_hv", 0x800, Pair.Srr, false, MsrBase, 0),
        new("vmx_unavail_hv", 0xF20, Pair.Srr, false, MsrBase, 0),
        new("vsx_unavail_hv", 0xF40, Pair.Srr, false, MsrBase, 0),
        new("align_lwarx_hv", 0x600, Pair.Srr, false, MsrBase, 0, Extra: Dar(0x7001, null)),     // larx not aligned
        new("align_lmw_le_hv", 0x600, Pair.Srr, false, MsrBase, 0),                               // lmw with MSR[LE]=1
        new("dsi_load_unmapped_hv", 0x300, Pair.Srr, false, MsrBase | Dr, 0, Extra: Dar(0xC000_0000, DsisrNotFound)),
        new("dsi_store_readonly_hv", 0x300, Pair.Srr, false, MsrBase | Dr, 0, Extra: Dar(0x4000_7000, DsisrProtection | DsisrStore)),
        new("dec_hv", 0x900, Pair.Srr, false, MsrBase | Ee, 0),
        new("hdec_hv", 0x980, Pair.Hsrr, false, MsrBase | Ee, 0),
        new("hdoorbell_hv", 0xE80, Pair.Hsrr, false, MsrBase | Ee, 0),
        new("pdoorbell_hv", 0xA00, Pair.Srr, false, MsrBase | Ee, 0),
        // System Reset ending a stop with PSSCR[EC]=1: SRR0 = the instruction after stop,
        // SRR1[42:45] = 0110 (woken by the decrementer), [46:47] = 01 (no state lost, stop level 0).
        new("sreset_stop_dec_hv", 0x100, Pair.Srr, false, MsrBase, 0, SresetWakeDecrementer | SresetNoStateLoss),
        // ---- problem state, HV=1 PR=1 with the radix map ----
        new("sc_pr", 0xC00, Pair.Srr, true, MsrUser, 4),
        new("sc1_pr", 0xC00, Pair.Srr, true, MsrUser, 4),
        new("trap_tw_pr", 0x700, Pair.Srr, true, MsrUser, 0, ProgramTrap),
        new("priv_mfmsr_pr", 0x700, Pair.Srr, true, MsrUser, 0, ProgramPrivileged),
        new("priv_mfspr_lpcr_pr", 0x700, Pair.Srr, true, MsrUser, 0, ProgramPrivileged),   // SPR 318: privileged SPR number
        new("priv_hrfid_pr", 0x700, Pair.Srr, true, MsrUser, 0, ProgramPrivileged),
        new("illegal_pr", 0xE40, Pair.Hsrr, true, MsrUser, 0, Extra: " heir=0x1234"),
        new("fp_unavail_pr", 0x800, Pair.Srr, true, MsrUser, 0),
        new("vmx_unavail_pr", 0xF20, Pair.Srr, true, MsrUser, 0),
        new("vsx_unavail_pr", 0xF40, Pair.Srr, true, MsrUser, 0),
        new("align_lwarx_pr", 0x600, Pair.Srr, true, MsrUser, 0, Extra: Dar(0x7001, null)),
        new("dsi_load_unmapped_pr", 0x300, Pair.Srr, true, MsrUser, 0, Extra: Dar(0xC000_0000, DsisrNotFound)),
        new("dsi_load_privileged_pr", 0x300, Pair.Srr, true, MsrUser, 0, Extra: Dar(0x8000_7000, DsisrProtection)),
        new("dsi_store_readonly_pr", 0x300, Pair.Srr, true, MsrUser, 0, Extra: Dar(0x4000_7000, DsisrProtection | DsisrStore)),
        // EA beyond the 52 bits the radix tree translates: Data / Instruction Segment interrupt.
        new("dseg_load_beyond_tree_pr", 0x380, Pair.Srr, true, MsrUser, 0, Extra: Dar(1UL << 52, null)),
        new("iseg_beyond_tree_pr", 0x480, Pair.Srr, true, MsrUser, 0),
        new("isi_unmapped_pr", 0x400, Pair.Srr, true, MsrUser, 0, IsiNotFound),
        new("isi_noexec_pr", 0x400, Pair.Srr, true, MsrUser, 0, IsiNoExecute),
        new("isi_privileged_pr", 0x400, Pair.Srr, true, MsrUser, 0, IsiProtection),
        new("dec_pr", 0x900, Pair.Srr, true, MsrUser, 0),
        new("hdec_pr", 0x980, Pair.Hsrr, true, MsrUser, 0),
        new("hdoorbell_pr", 0xE80, Pair.Hsrr, true, MsrUser, 0),
        new("pdoorbell_pr", 0xA00, Pair.Srr, true, MsrUser, 0),
    ];

    /// <summary>
    /// Known QEMU 7.2 (Debian 12) deviations from the ISA: case -> (QEMU's line derived from the
    /// ISA line, reason). Everything else must be identical.
    /// </summary>
    private static readonly Dictionary<string, (Func<string, string> Qemu, string Reason)> s_qemuDeviations = new()
    {
        ["illegal_hv"] = (l => l.Replace(" heir=0x1234", " heir=0x0", StringComparison.Ordinal),
            "QEMU 7.2 does not write HEIR when it delivers the Hypervisor Emulation Assistance interrupt (ISA: HEIR = the instruction image)"),
        ["illegal_pr"] = (l => l.Replace(" heir=0x1234", " heir=0x0", StringComparison.Ordinal),
            "QEMU 7.2 does not write HEIR when it delivers the Hypervisor Emulation Assistance interrupt (ISA: HEIR = the instruction image)"),
        ["isi_privileged_pr"] = (l => l.Replace("srr1=0x900000000800d033", "srr1=0x900000001000d033", StringComparison.Ordinal),
            "QEMU 7.2's radix MMU reports every denied instruction fetch as SRR1[35] (no-execute/guarded), also a problem-state fetch "
            + "from a privileged (EAA[0]=1) executable page, which the ISA's ISI definition reports as a protection violation, SRR1[36] "
            + "(QEMU's data side does: DSISR[36] in dsi_load_privileged_pr)"),
        ["pdoorbell_hv"] = (_ => "pdoorbell_hv: skipped",
            "QEMU 7.2's POWER9 model aborts the whole emulator on a Directed Privileged Doorbell (\"SDOOR exception not implemented\"), so the guest skips it there (image flag)"),
        ["pdoorbell_pr"] = (_ => "pdoorbell_pr: skipped",
            "QEMU 7.2's POWER9 model aborts the whole emulator on a Directed Privileged Doorbell (\"SDOOR exception not implemented\"), so the guest skips it there (image flag)"),
    };

    /// <summary>Offset of the guest's flags doubleword (bit 0: skip the directed privileged doorbell cases).</summary>
    private const int FlagsOffset = 0xff8;

    private static string ExpectedLine(Case c)
    {
        ulong srr1 = c.MsrBefore | c.Srr1Info;
        string used0 = c.Srr0Offset >= 0 ? "+" + Hex((ulong)c.Srr0Offset) : "-" + Hex((ulong)(-c.Srr0Offset));
        // The other pair: zero from hypervisor state; the rfid/hrfid entry (at the provoking instruction) from problem state.
        string other0 = c.Problem ? "+0x0" : Hex16(0);
        string other1 = Hex16(c.Problem ? MsrUser : 0);
        string pairs = c.Pair == Pair.Srr
            ? $"srr0={used0} srr1={Hex16(srr1)} hsrr0={other0} hsrr1={other1}"
            : $"srr0={other0} srr1={other1} hsrr0={used0} hsrr1={Hex16(srr1)}";
        ulong msr = MsrAtVector | (c.Pair == Pair.Hsrr ? c.MsrBefore & Ri : 0);
        return $"{c.Name}: vec={Hex((ulong)c.Vector)} {pairs} msr={Hex16(msr)}{c.Extra}";
    }

    private static string[] CaseLines(string console)
    {
        var lines = console.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int start = Array.IndexOf(lines, "irqtable: start"), end = Array.IndexOf(lines, EndLine);
        Assert.True(start >= 0 && end > start, "no start/done lines in:\n" + console);
        return lines[(start + 1)..end];
    }

    private static string RunPpcSim(byte[] image)
    {
        var m = new SystemMachine(new MachineConfig { Cores = 1, Seed = 1 });
        m.LoadFlatImage(image);
        var reason = m.Run(maxCycles: 200_000_000);
        Assert.True(reason == MachineStopReason.PowerOff, $"{reason}: {m.Diagnosis}\nconsole: {m.Console}");
        Assert.Equal(0, m.SimControl.ExitStatus);
        return m.Console;
    }

    private static byte[] QemuImage(byte[] image)
    {
        var q = (byte[])image.Clone();
        q[FlagsOffset] |= 1;
        return q;
    }

    /// <summary>Side-by-side listing for failure messages.</summary>
    private static string Listing(string[] a, string[] b) =>
        string.Join('\n', Enumerable.Range(0, Math.Max(a.Length, b.Length)).Select(i =>
            (i < a.Length ? a[i] : "<none>") + "\n" + (i < b.Length ? b[i] : "<none>") + "\n"));

    [Fact]
    public void PpcSimMatchesIsaExpectations()
    {
        var lines = CaseLines(RunPpcSim(GuestImage.Build("irqtable")));
        var expected = s_table.Select(ExpectedLine).ToArray();
        var wrong = Enumerable.Range(0, Math.Max(lines.Length, expected.Length))
            .Where(i => i >= lines.Length || i >= expected.Length || lines[i] != expected[i]).ToArray();
        Assert.True(wrong.Length == 0, "ISA expectation vs PpcSim:\n" + string.Join('\n', wrong.Select(i =>
            $"  isa:     {(i < expected.Length ? expected[i] : "<none>")}\n  ppcsim:  {(i < lines.Length ? lines[i] : "<none>")}")));
    }

    [Fact]
    public void QemuMatchesPpcSimExceptListedDeviations()
    {
        var image = GuestImage.Build("irqtable");
        var sim = CaseLines(RunPpcSim(image));
        var qemu = CaseLines(QemuBareMetal.Run(QemuImage(image), EndLine));
        output.WriteLine("ppcsim / qemu:\n" + Listing(sim, qemu));
        Assert.True(sim.Length == qemu.Length, "line counts differ:\n" + Listing(sim, qemu));
        var problems = new List<string>();
        for (int i = 0; i < sim.Length; i++)
        {
            string name = sim[i].Split(':')[0];
            string expectQemu = s_qemuDeviations.TryGetValue(name, out var dev) ? dev.Qemu(sim[i]) : sim[i];
            if (qemu[i] != expectQemu) problems.Add($"  ppcsim: {sim[i]}\n  qemu:   {qemu[i]}\n  (expected on qemu: {expectQemu})");
            // A listed deviation must really differ: if QEMU is fixed, the entry goes.
            if (dev.Reason != null && qemu[i] == sim[i]) problems.Add($"  {name}: listed as a QEMU deviation but identical now");
        }
        Assert.True(problems.Count == 0, "PpcSim vs QEMU:\n" + string.Join('\n', problems));
    }
}
