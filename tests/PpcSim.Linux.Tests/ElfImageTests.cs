using System.Buffers.Binary;

namespace PpcSim.Linux.Tests;

/// <summary>ElfImage rejects everything but a static 64-bit little-endian PowerPC executable, in one line.</summary>
public sealed class ElfImageTests
{
    /// <summary>A minimal valid ppc64le ET_EXEC: one PT_LOAD with 4 bytes of code.</summary>
    internal static byte[] MinimalElf(ushort machine = 21, byte cls = 2, byte data = 1, uint extraPhdrType = 0)
    {
        int phnum = extraPhdrType != 0 ? 2 : 1;
        var d = new byte[64 + 56 * phnum + 8];
        d[0] = 0x7f; d[1] = (byte)'E'; d[2] = (byte)'L'; d[3] = (byte)'F';
        d[4] = cls; d[5] = data; d[6] = 1;
        var s = d.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(s[16..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(s[18..], machine);
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(s[24..], 0x10000000 + (ulong)(64 + 56 * phnum));
        BinaryPrimitives.WriteUInt64LittleEndian(s[32..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(s[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(s[54..], 56);
        BinaryPrimitives.WriteUInt16LittleEndian(s[56..], (ushort)phnum);
        var ph = s[64..];
        BinaryPrimitives.WriteUInt32LittleEndian(ph, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], 5);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[16..], 0x10000000);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], (ulong)d.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[40..], (ulong)d.Length);
        if (extraPhdrType != 0) BinaryPrimitives.WriteUInt32LittleEndian(s[120..], extraPhdrType);
        return d;
    }

    [Fact]
    public void ParsesMinimal()
    {
        var img = ElfImage.Parse(MinimalElf());
        Assert.Equal(0x10000000UL + 120, img.Entry);
        Assert.Single(img.Segments);
        Assert.Equal(0x10000040UL, img.ProgramHeaderAddress);
    }

    [Theory]
    [InlineData("not an ELF file")]
    [InlineData("32-bit")]
    [InlineData("big-endian")]
    [InlineData("not PowerPC64")]
    [InlineData("dynamically linked")]
    [InlineData("truncated")]
    public void RejectsWithOneLine(string expected)
    {
        byte[] bytes = expected switch
        {
            "not an ELF file" => "hello world, this is text"u8.ToArray(),
            "32-bit" => MinimalElf(cls: 1),
            "big-endian" => MinimalElf(data: 2),
            "not PowerPC64" => MinimalElf(machine: 62),
            "dynamically linked" => MinimalElf(extraPhdrType: 3),
            _ => MinimalElf()[..100],
        };
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(bytes, "prog"));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith("prog: ", e.Message);
    }

    [Fact]
    public void MissingFile()
    {
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Load("/nonexistent/prog"));
        Assert.Equal("/nonexistent/prog: no such file", e.Message);
    }
}
