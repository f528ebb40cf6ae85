using System.Buffers.Binary;
using System.Text;

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
        Assert.Equal(0x400u, BinaryPrimitives.ReadUInt32LittleEndian(img.AsSpan(12)));
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
        var text = Encoding.ASCII.GetString(img, 0x1000, 0x400).TrimEnd('\0');
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("#ppcsim-bootcfg v1", lines[0]);
        var keys = lines.Skip(1).Select(l => l.Split('=')[0]).ToArray();
        foreach (var k in new[] { "cpus", "tick_us", "blk", "twa", "barrier", "ipi_sync", "fpu_fix", "udelay_us", "repro_ms" })
            Assert.Contains(k, keys);
        Assert.Contains("fpu_fix=off", lines);
        Assert.Equal(0, img[0x13ff]);
    }
}
