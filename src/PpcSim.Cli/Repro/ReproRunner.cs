using System.Buffers.Binary;
using System.Globalization;
using PpcSim.Platform;

namespace PpcSim.Cli.Repro;

/// <summary>
/// Boots firmware/bin/kernel.bin with the repro knobs (selftest=off, so only boot, the IPI check
/// and the repro phase run), reads the kernel's `repro:` lines back, then verifies the disk
/// itself from the block device's contents (<see cref="DiskVerifier"/>) and cross-checks the two.
/// Everything comes from the simulation: same options, same result, byte for byte.
/// </summary>
public static partial class ReproRunner
{
    /// <summary>Generous bound: a healthy 50 ms run takes ~200 M cycles; a hang must end as a result, not spin.</summary>
    private const ulong CyclesPerMsBound = 40_000_000UL;

    /// <summary>The firmware image with the options' knobs written into its boot configuration block (bad knobs: <see cref="UsageException"/>).</summary>
    public static byte[] PrepareImage(ReproOptions o)
    {
        string image = o.Image ?? RepoPaths.Find("firmware", "bin", "kernel.bin");
        if (!File.Exists(image)) throw new UsageException($"{image}: no such firmware image");
        byte[] bytes = File.ReadAllBytes(image);
        var cfg = BootConfigBlock.Find(bytes) ?? throw new UsageException($"{image}: no boot configuration block");
        var inv = CultureInfo.InvariantCulture;
        List<(string, string)> sets =
        [
            ("cores", o.Cores.ToString(inv)), ("selftest", "off"), ("ipi_rounds", "1"), ("tick_us", "250"),
            ("twa", o.Twa), ("barrier", o.Barrier), ("ipi_sync", o.IpiSync), ("udelay_us", o.UdelayUs.ToString(inv)),
            ("fpu_fix", o.FpuFix),
        ];
        // the page writer's per-page work is seeded by the machine's seed (older images lack the key)
        if (cfg.Get("seed") is not null) sets.Add(("seed", o.Seed.ToString(inv)));
        sets.AddRange(o.Extra.Select(e => (e.Key, e.Value)));
        foreach (var (k, v) in sets)
            if (cfg.Set(k, v) is { } err) throw new UsageException($"{image}: {err} (is the image older than ppcsim repro?)");
        ulong ms = o.DurationMs ?? o.AutoDurationMs(CfgNumber(cfg, "pages", 64), CfgNumber(cfg, "rounds", 4));
        if (cfg.Set("repro_ms", ms.ToString(inv)) is { } err2) throw new UsageException($"{image}: {err2}");
        cfg.WriteTo(bytes);
        return bytes;
    }

    private static ulong CfgNumber(BootConfigBlock cfg, string key, ulong fallback) =>
        ulong.TryParse(cfg.Get(key), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    /// <summary>The repro_ms a run of these options uses (explicit, or sized from the image's workload).</summary>
    public static ulong DurationMsFor(ReproOptions o) =>
        CfgNumber(BootConfigBlock.Find(PrepareImage(o))!, "repro_ms", o.DurationMs ?? 100);

    /// <summary>The machine a repro run uses (the explain replay must build the same one).</summary>
    public static MachineConfig MachineConfigFor(ReproOptions o) => new()
    {
        Cores = o.Cores, Seed = o.Seed, MemoryModel = o.Model == "sc" ? StorageModel.Sc : StorageModel.Power,
        IpiLatencyCycles = o.IpiLatencyCycles,
        // An NVMe-like service time for the page writer's disk: ~20 us per 4 KiB write with a
        // seeded spread of 0..40 us (queueing, flash program variance) rather than a fixed 5 us.
        BlockLatencyCycles = BlockLatencyCyclesRepro, BlockJitterCycles = BlockJitterCyclesRepro,
    };

    /// <summary>The repro machine's block device base latency (10 us at 3.8 GHz; plus 400 cycles per sector).</summary>
    public const ulong BlockLatencyCyclesRepro = 38_000;
    /// <summary>The repro machine's block device seeded jitter per descriptor (0..40 us).</summary>
    public const ulong BlockJitterCyclesRepro = 152_000;

    /// <summary>Everything a repro machine is built from: the patched image, its configuration and its cycle bound (also what `repro --gdb` boots).</summary>
    public static (byte[] Image, MachineConfig Config, ulong MaxCycles) Prepare(ReproOptions o) => (PrepareImage(o), MachineConfigFor(o), MaxCyclesFor(o));

    /// <summary>The cycle bound of a repro run: a hang must end as a result, not spin.</summary>
    public static ulong MaxCyclesFor(ReproOptions o) => 2_000_000_000UL + DurationMsFor(o) * CyclesPerMsBound;

    public static ReproResult Run(ReproOptions o)
    {
        byte[] bytes = PrepareImage(o);
        var config = MachineConfigFor(o);
        var m = new SystemMachine(config);
        m.LoadFlatImage(bytes);
        OnMachineCreated(m, o);
        var reason = m.Run(maxCycles: 2_000_000_000UL + CfgNumber(BootConfigBlock.Find(bytes)!, "repro_ms", 100) * CyclesPerMsBound);

        string console = m.Console;
        var kernel = KernelReport.Parse(console);
        DiskReport? disk = null;
        string? unverified = null;
        if (m.BlockDevice == null) unverified = "the machine has no block device";
        else if (kernel.Stat("pages") is not { } pages || kernel.Stat("rounds") is not { } rounds)
            unverified = "the kernel printed no pages/rounds (no page-writer workload in this image, or the run did not finish)";
        else if (rounds == 0) unverified = "the workload ran 0 rounds";
        else disk = DiskVerifier.Verify(m.BlockDevice.Disk, pages, rounds, partial: kernel.Stat("completed") == 0);

        ulong cycles = m.Cpus.Max(c => c.Cycles), insns = 0;
        foreach (var c in m.Cpus) insns += c.Instructions;
        var result = new ReproResult
        {
            Options = o,
            StopReason = reason.ToString(),
            Diagnosis = m.Diagnosis,
            ExitStatus = m.SimControl.ExitStatus,
            // The stats line ends the repro phase; completed=0 in it says the page writer was stopped
            // (repro_ms reached) or failed before its last round.
            Completed = kernel.HasStats && kernel.Stat("completed") != 0,
            Kernel = kernel,
            Disk = disk,
            DiskUnverifiedReason = unverified,
            Disagreements = disk != null ? CrossCheck(kernel, disk, m.BlockDevice!.Disk) : [],
            SimCycles = cycles,
            SimTimeNs = (ulong)(cycles * (UInt128)1_000_000_000UL / config.CoreHz),
            Instructions = insns,
            DoorbellsSent = m.DoorbellsSent,
            IpiMessagesLate = m.DoorbellsOvertakingStores,
            IpiLateCycles = m.DoorbellLateCycles,
            DeviceCompletions = m.BlockDevice?.Completed ?? 0,
            CoreHz = config.CoreHz,
            StateHash = m.StateHash(),
            Console = console,
        };
        IReadOnlyList<string>? simulatorChain = null;
        ExplainCorruption(m, result, ref simulatorChain);
        return simulatorChain is { Count: > 0 } ? result with { SimulatorChain = simulatorChain } : result;
    }

    // ---- Extension point for the simulator-side explanation (owned by Repro/Explain*.cs) ----
    // Implement these in another part of this partial class (e.g. Repro/ExplainHook.cs); until
    // then the calls compile away. OnMachineCreated runs after the image is loaded and before the
    // first instruction (switch recording on there); ExplainCorruption runs after the disk check
    // with the full result (result.Disk.First names page/offset/expected/found; DiskCorruption
    // .DiskOffset is the byte on the device) and sets simulatorChain to the lines to print, in
    // order, e.g. `simulatorChain = Explainer.Explain(machine, result);`. The lines must be
    // deterministic: they go into the JSON as "sim_chain".
    static partial void OnMachineCreated(SystemMachine machine, ReproOptions options);
    static partial void ExplainCorruption(SystemMachine machine, ReproResult result, ref IReadOnlyList<string>? simulatorChain);

    /// <summary>Where the kernel's own read-back check and the disk disagree.</summary>
    public static IReadOnlyList<string> CrossCheck(KernelReport kernel, DiskReport disk, ReadOnlySpan<byte> image)
    {
        var inv = CultureInfo.InvariantCulture;
        var notes = new List<string>();
        if (kernel.Stat("corrupt_pages") is not { } kc)
            notes.Add("the kernel printed no corrupt_pages count");
        else if (kc != disk.CorruptPages)
            notes.Add(string.Create(inv, $"the kernel counted {kc} corrupt pages, the disk holds {disk.CorruptPages}"));
        foreach (var kp in kernel.CorruptPages)
        {
            var d = disk.Corruptions.FirstOrDefault(c => c.Page == kp.Page);
            if (kp.Page >= disk.Pages)
                notes.Add(string.Create(inv, $"the kernel reported page {kp.Page}, beyond the {disk.Pages} pages written"));
            else if (d == null)
                notes.Add(string.Create(inv, $"the kernel reported page {kp.Page} corrupt at offset {kp.Offset}, the disk holds it intact"));
            else if (kp.Offset % 8 == 0 && kp.Offset <= DiskPageFormat.PageSize - 8)
            {
                ulong onDisk = kp.Page * DiskPageFormat.PageSize + kp.Offset + 8 <= (ulong)image.Length
                    ? BinaryPrimitives.ReadUInt64LittleEndian(image[(int)(kp.Page * DiskPageFormat.PageSize + kp.Offset)..]) : 0;
                if (onDisk != kp.Found)
                    notes.Add(string.Create(inv, $"page {kp.Page} offset {kp.Offset}: the kernel read 0x{kp.Found:x16}, the disk holds 0x{onDisk:x16}"));
            }
        }
        return notes;
    }
}
