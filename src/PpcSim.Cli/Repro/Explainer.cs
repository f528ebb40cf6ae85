using System.Globalization;
using PpcSim.Platform;
using PpcSim.Platform.Recording;

namespace PpcSim.Cli.Repro;

/// <summary>
/// The simulator-side explanation of a corrupted disk (issue 5): the block device's provenance
/// names the real address the first bad bytes were DMA'd from and when; a replay of the same seed
/// and options (determinism makes the seed the recording) watches those 8 bytes with register
/// provenance on and kernel functions probed, and <see cref="CorruptionChain"/> turns the record
/// into the chain: store, clobber, interrupt, exit path, return with the math bits set, IPI.
/// </summary>
public static class Explainer
{
    /// <summary>Copies followed back (each one more replay) before giving up.</summary>
    public const int MaxCopyHops = 3;

    /// <summary>Kernel functions probed (when the kernel has them): the lazy-math, task-work, io-wq and IPI paths.</summary>
    public static readonly string[] ProbedFunctions =
    [
        "save_fpu", "save_altivec", "save_all", "flush_all_to_thread", "giveup_all", "__giveup_fpu", "__giveup_altivec",
        "restore_math", "load_up_fpu", "load_up_altivec", "load_up_vsx", "load_fp_state", "load_vr_state",
        "interrupt_exit_user_prepare_main", "do_notify_resume", "task_work_add", "task_work_run", "set_notify_signal",
        "create_worker_cb", "create_io_worker", "create_io_thread", "copy_process", "arch_dup_task_struct", "copy_thread",
        "io_wq_worker_sleeping", "io_queue_worker_create", "try_to_wake_up", "kick_process", "smp_send_reschedule",
        "smp_muxed_ipi_set_message", "doorbell_global_ipi", "doorbell_exception", "smp_ipi_demux_relaxed",
    ];

    /// <summary>The kernel's and the workloads' symbols, found next to the image (firmware/bin, workloads/bin).</summary>
    public static (ExplainSymbols Kernel, ExplainSymbols User) LoadSymbols(ReproOptions o)
    {
        static string? Find(params string[] parts) => RepoPaths.Find(parts) is var p && File.Exists(p) ? p : null;
        string? kernelElf = o.Image is { } img ? Path.ChangeExtension(img, ".elf") : Find("firmware", "bin", "kernel.elf");
        var kernel = ExplainSymbols.Load(kernelElf);
        // The page writer is the user program of the repro phase; the firmware's own user.elf only names what it lacks.
        var user = ExplainSymbols.Load(Find("workloads", "bin", "iou-pagewriter") ?? Find("firmware", "bin", "user.elf"));
        return (kernel, user);
    }

    /// <summary>Names an address: kernel symbols for the linear map, the workload's below it.</summary>
    public static Func<ulong, string> Describer(ExplainSymbols kernel, ExplainSymbols user) =>
        a => (a >= 0xc000_0000_0000_0000UL ? kernel.Describe(a) : user.Describe(a)) ?? $"0x{a:x}";

    /// <summary>Adds a probe for every <see cref="ProbedFunctions"/> entry the kernel has.</summary>
    public static void AddProbes(SystemRecorder r, ExplainSymbols kernel)
    {
        foreach (var name in ProbedFunctions)
            if (kernel.Entry(name) is { } a && !r.Symbols.ContainsKey(a)) r.AddSymbol(a, name);
    }

    /// <summary>
    /// Explains the first corruption of <paramref name="result"/> (whose run was <paramref name="machine"/>)
    /// by replaying it. Deterministic lines; empty when the disk was not found corrupt.
    /// </summary>
    /// <param name="stores">Receives the watched stores the replays recorded (for the --trace timeline).</param>
    public static IReadOnlyList<string> Explain(SystemMachine machine, ReproResult result, List<TimelineEvent>? stores = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var o = result.Options;
        if (result.Disk?.First is not { } first || machine.BlockDevice is not { } dev) return [];
        var lines = new List<string>();
        ulong diskByte = first.DiskOffset;
        ulong sector = diskByte / Devices.BlockDevice.SectorSize;
        if (!dev.TryGetSectorSource(sector, out var src))
        {
            lines.Add(string.Create(inv, $"dma: cannot establish: disk sector {sector} (page {first.Page}) was never written by the device in this run"));
            return lines;
        }
        ulong pa = src.PhysicalAddress + diskByte % Devices.BlockDevice.SectorSize;
        lines.Add(string.Create(inv,
            $"dma: disk bytes 0x{diskByte:x} (page {first.Page} offset {first.Offset}, found 0x{first.Found:x16}) were read by the block device from real address 0x{pa:x} at cycle {src.Cycle} (sector {sector} <- 0x{src.PhysicalAddress:x})"));

        var (kernel, user) = LoadSymbols(o);
        var describe = Describer(kernel, user);
        ulong watch = pa, before = src.Cycle;
        for (int hop = 0; ; hop++)
        {
            var rec = new SystemRecorder { RegisterProvenance = true };
            AddProbes(rec, kernel);
            rec.WatchPhysical(watch, 8);
            var replay = ReproRunner.Replay(o, rec, before + 1);
            if (hop == 0 && (replay.BlockDevice is not { } dev2 || !dev2.TryGetSectorSource(sector, out var src2) || src2 != src))
                lines.Add("replay: DIVERGED: the replay did not DMA the same sector from the same address at the same cycle; the chain below is not trustworthy");
            var store = CorruptionChain.FindStore(rec, watch, 8, before);
            stores?.AddRange(rec.Events.Where(e => e.Kind == TimelineEventKind.Store && e.Cycle <= before));
            // A copy (the kernel's memcpy from the user's buffer into the page cache, or any
            // load/store pair): follow the bytes back to the address the load read, one replay per hop.
            if (store is { Writer: { LoadAddress: not null } lw, SourcePhysicalAddress: { } from } && hop < MaxCopyHops)
            {
                ulong next = from + (watch - store.PhysicalAddress);
                lines.Add(string.Create(inv,
                    $"copy: core {store.Core} at cycle {store.Cycle}: {describe(store.Pc)} `{store.Instruction}` stored {store.Register} = 0x{store.Value:x16} at real address 0x{store.PhysicalAddress:x}, loaded at cycle {lw.Cycle} by {describe(lw.Pc)} `{lw.Text}` from real address 0x{next:x}"));
                watch = next;
                before = lw.Cycle;
                continue;
            }
            var chain = CorruptionChain.Build(rec, store, describe);
            lines.AddRange(chain.Lines);
            if (hop == 0 && store != null && store.PhysicalAddress == pa && store.Length == 8 && store.Value != first.Found)
                lines.Add(string.Create(inv, $"check: the recorded store wrote 0x{store.Value:x16}, the disk holds 0x{first.Found:x16}: something else changed the bytes between the store and the DMA"));
            break;
        }
        return lines;
    }
}
