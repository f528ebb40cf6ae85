using System.Buffers.Binary;
using System.Text.Json;
using PpcSim.Cli.Commands;
using PpcSim.Cli.Repro;

namespace PpcSim.Cli.Tests;

/// <summary>The contract's console lines, parsed from synthetic text; the cross-check and the JSON built from them.</summary>
public class KernelReportTests
{
    private const string Console =
        "ppcsim-kernel: booting\n" +
        "repro: corrupt page 3 offset 64 expected 0x00007fff80030070 found 0x0000000082004000\n" +
        "repro: corrupt page 9 offset 0x60 expected 0x00007fff80090070 found 0x0000000082004000\n" +
        "repro: corrupt page 99999999999999999999 offset 1 expected 0x1 found 0x2\n" + // garbled: skipped
        "repro: stats sent=12 worker_creations=11 task_work_syscall=2 task_work_interrupt=10 ipis_sent=25 ipi_messages_lost=0 " +
        "invariant_checks=10 invariant_violations=9 writes_submitted=512 writes_completed=512 bytes_written=2097152 pages=64 " +
        "rounds=8 corrupt_pages=2 user_exit=1 repro_us=40000 future_key=17 mode=fancy\n" +
        "repro: chain: task 5 on cpu1 in user mode at nip 0x10000a10 took interrupt 0xe80\r\n" +
        "repro: chain: -> save_all -> save_fpu (fpu_fix=off)\n" +
        "ppcsim-kernel: done\n";

    [Fact]
    public void ParsesEveryStatsKeyTheCorruptPagesAndTheChain()
    {
        var k = KernelReport.Parse(Console);
        Assert.True(k.HasStats);
        Assert.Equal(["sent", "worker_creations", "task_work_syscall", "task_work_interrupt", "ipis_sent", "ipi_messages_lost",
            "invariant_checks", "invariant_violations", "writes_submitted", "writes_completed", "bytes_written", "pages", "rounds",
            "corrupt_pages", "user_exit", "repro_us", "future_key", "mode"], k.Stats.Select(s => s.Key));
        Assert.Equal(2097152UL, k.Stat("bytes_written"));
        Assert.Equal(17UL, k.Stat("future_key"));
        Assert.Null(k.Stat("mode"));
        Assert.Null(k.Stat("absent"));
        Assert.Equal([new KernelCorruptPage(3, 64, 0x00007fff80030070, 0x82004000), new KernelCorruptPage(9, 0x60, 0x00007fff80090070, 0x82004000)], k.CorruptPages);
        Assert.Equal(["task 5 on cpu1 in user mode at nip 0x10000a10 took interrupt 0xe80", "-> save_all -> save_fpu (fpu_fix=off)"], k.Chain);
    }

    [Fact]
    public void NoStatsLineMeansNotCompleted()
    {
        var k = KernelReport.Parse("ppcsim-kernel: panic: oops\n");
        Assert.False(k.HasStats);
        Assert.Empty(k.Stats);
    }

    private static byte[] DamagedDisk(params int[] pages)
    {
        var disk = new byte[64 * 4096];
        for (int p = 0; p < 64; p++) DiskPageFormat.WritePage(disk.AsSpan(p * 4096, 4096), (ulong)p, 8);
        foreach (int p in pages)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(disk.AsSpan(p * 4096 + 64), 0x82004000UL);
            DiskPageFormat.SealChecksum(disk.AsSpan(p * 4096, 4096));
        }
        return disk;
    }

    [Fact]
    public void CrossCheckAgreesWhenKernelAndDiskSeeTheSame()
    {
        var disk = DamagedDisk(3, 9);
        var k = KernelReport.Parse(Console.Replace("offset 0x60", "offset 64"));
        Assert.Empty(ReproRunner.CrossCheck(k, DiskVerifier.Verify(disk, 64, 8), disk));
    }

    [Fact]
    public void CrossCheckNamesEveryDisagreement()
    {
        var disk = DamagedDisk(3, 5, 12);
        var notes = ReproRunner.CrossCheck(KernelReport.Parse(Console), DiskVerifier.Verify(disk, 64, 8), disk);
        Assert.Equal(["the kernel counted 2 corrupt pages, the disk holds 3",
            "the kernel reported page 9 corrupt at offset 96, the disk holds it intact"], notes);
    }

    private static ReproResult Synthetic(byte[] disk, string console)
    {
        var k = KernelReport.Parse(console);
        var d = DiskVerifier.Verify(disk, 64, 8);
        return new ReproResult
        {
            Options = new ReproOptions { Seed = 42 },
            StopReason = "PowerOff",
            ExitStatus = 0,
            Completed = k.HasStats,
            Kernel = k,
            Disk = d,
            Disagreements = ReproRunner.CrossCheck(k, d, disk),
            SimCycles = 152_000_000,
            SimTimeNs = 40_000_000,
            Instructions = 99_000_000,
            CoreHz = 3_800_000_000,
            StateHash = 0x0123456789abcdef,
        };
    }

    [Fact]
    public void JsonHasTheIssueFieldsInAStableOrder()
    {
        var r = Synthetic(DamagedDisk(3, 9), Console.Replace("offset 0x60", "offset 64"));
        string json = ReproJson.Format(r);
        Assert.Equal(json, ReproJson.Format(r));
        Assert.DoesNotContain('\n', json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        string[] required = ["seed", "variant", "corrupted", "corrupt_pages", "invariant_violations", "first_corruption", "sim_cycles",
            "sim_time_ns", "instructions", "ipis_sent", "ipi_messages_lost", "task_work_runs", "worker_creations", "bytes_written",
            "writes_completed", "cycles_per_write", "write_bytes_per_sim_s", "state_hash"];
        foreach (var key in required) Assert.Contains(key, names);
        Assert.Equal("seed", names[0]);
        Assert.Equal("state_hash", names[^1]);
        Assert.True(root.GetProperty("corrupted").GetBoolean());
        Assert.Equal("disk", root.GetProperty("corruption_source").GetString());
        Assert.Equal(2UL, root.GetProperty("corrupt_pages").GetUInt64());
        var f = root.GetProperty("first_corruption");
        Assert.Equal(3UL, f.GetProperty("page").GetUInt64());
        Assert.Equal(64, f.GetProperty("offset").GetInt32());
        Assert.Equal("0x00007fff80030080", f.GetProperty("expected").GetString());
        Assert.Equal("0x0000000082004000", f.GetProperty("found").GetString());
        Assert.Equal(10UL, root.GetProperty("task_work_runs").GetProperty("interrupt").GetUInt64());
        Assert.Equal(2UL, root.GetProperty("task_work_runs").GetProperty("syscall").GetUInt64());
        // 40 ms of repro phase at 3.8 GHz over 512 writes; 2 MiB in 40 ms.
        Assert.Equal(40_000UL * 3_800_000_000 / 1_000_000 / 512, root.GetProperty("cycles_per_write").GetUInt64());
        Assert.Equal(2097152UL * 25, root.GetProperty("write_bytes_per_sim_s").GetUInt64());
        Assert.Equal("0123456789abcdef", root.GetProperty("state_hash").GetString());
        Assert.Equal("fancy", root.GetProperty("kernel_stats").GetProperty("mode").GetString());
        Assert.Equal(0, root.GetProperty("disagreements").GetArrayLength());
    }

    [Fact]
    public void TextReportSaysWhereAndFlagsDisagreement()
    {
        var r = Synthetic(DamagedDisk(3, 5), Console);
        string text = ReproCommand.FormatText(r, null);
        Assert.Contains("DATA CORRUPTED ON DISK: 2 of 64 pages", text);
        Assert.Contains("first corruption: page 3, offset 64 (0x40; disk byte 0x3040): expected 0x00007fff80030080, found 0x0000000082004000", text);
        Assert.Contains("checksum matches the bad data", text);
        Assert.Contains("DISAGREES", text);
        Assert.Contains("page 9 corrupt at offset 96, the disk holds it intact", text);
        Assert.Contains("9 violations in 10 checks", text);
        Assert.Contains("  task 5 on cpu1 in user mode", text);
        Assert.DoesNotContain("explanation from the simulator", text);
        string withSim = ReproCommand.FormatText(r with { SimulatorChain = ["stxvd2x at 0x10000a40 stored vs0"] }, null);
        Assert.Contains("explanation from the simulator's record:\n  stxvd2x at 0x10000a40 stored vs0\n", withSim);
    }
}
