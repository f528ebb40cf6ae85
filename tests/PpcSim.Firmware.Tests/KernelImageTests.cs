using System.Buffers.Binary;
using System.Text;
using PpcSim.Platform;

namespace PpcSim.Firmware.Tests;

/// <summary>
/// The committed image's fixed layout, which PpcSim's loader and `ppcsim boot --set` rely on
/// (firmware/README.md): header, entry word, boot configuration block.
/// </summary>
public class KernelImageTests
{
    private static byte[] Image => File.ReadAllBytes(Path.Combine(QemuRun.FirmwareDir, "bin", "kernel.bin"));

    [Fact]
    public void HeaderNamesTheBootConfigurationBlock()
    {
        var img = Image;
        Assert.Equal("PPCSIMK1", Encoding.ASCII.GetString(img, 0, 8));
        Assert.Equal(0x1000u, BinaryPrimitives.ReadUInt32LittleEndian(img.AsSpan(8)));
        Assert.Equal(0x1000u, BinaryPrimitives.ReadUInt32LittleEndian(img.AsSpan(12)));
    }

    [Fact]
    public void EntryIsValidInBothByteOrders()
    {
        // little-endian: tdi 0,0,0x48 (never traps); big-endian: b .+8
        var img = Image;
        Assert.Equal(0x08000048u, BinaryPrimitives.ReadUInt32LittleEndian(img.AsSpan(0x10)));
        Assert.Equal(0x48000008u, BinaryPrimitives.ReadUInt32BigEndian(img.AsSpan(0x10)));
    }

    [Fact]
    public void BootConfigurationBlockListsEveryKeyWithItsDefault()
    {
        var img = Image;
        Assert.Equal("PPCSIM-BOOTCFG\0\0", Encoding.ASCII.GetString(img, 0x1000, 16));
        var text = Encoding.ASCII.GetString(img, 0x1010, 0x1000 - 16).TrimEnd('\0');
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var keys = lines.Select(l => l.Split('=')[0]).ToArray();
        foreach (var k in new[] { "cores", "tick_us", "blk", "twa", "barrier", "ipi_sync", "fpu_fix", "udelay_us", "repro_ms", "pages", "rounds", "iowq_max_workers", "iowq_idle_us" })
            Assert.Contains(k, keys);
        Assert.Contains("fpu_fix=off", lines);
        Assert.Equal(0, img[0x1fff]);
    }

    [Fact]
    public void PlatformBootConfigBlockReadsTheImage()
    {
        // PpcSim.Platform's reader (used by ppcsim boot --set) finds the block where the kernel reads it
        var cfg = BootConfigBlock.Find(Image);
        Assert.NotNull(cfg);
        Assert.Equal(0x1010, cfg.Offset);
        Assert.Equal("off", cfg.Get("fpu_fix"));
        Assert.Equal("0", cfg.Get("cores"));
        Assert.NotNull(cfg.Set("no_such_key", "1"));
    }

    [Fact]
    public void ImagePatchedByThePlatformBootsOnQemu()
    {
        var img = Image;
        var cfg = BootConfigBlock.Find(img)!;
        Assert.Null(cfg.Set("ipi_rounds", "3"));
        Assert.Null(cfg.Set("cores", "2"));
        cfg.WriteTo(img);
        var dir = PpcSim.TestSupport.Tools.TempDir("fwimg");
        try
        {
            var path = Path.Combine(dir, "kernel.bin");
            File.WriteAllBytes(path, img);
            var run = QemuRun.BootImage(4, path);
            Assert.True(run.ExitCode == 0, run.Describe());
            Assert.Contains("selftest: cpus: 2 online, PIR 0 4: ok", run.Lines);
            Assert.Contains("selftest: ipi: 2 ordered pairs x 3 call-function doorbells, each ran on its target: ok", run.Lines);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
