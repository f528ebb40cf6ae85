using System.Buffers.Binary;
using System.Text;
using PpcSim.Cli.Repro;

namespace PpcSim.Cli.Tests;

/// <summary>The contract's page format, written by a C# writer into a synthetic disk image, damaged on purpose.</summary>
public class DiskVerifierTests
{
    private const int Ps = DiskPageFormat.PageSize;

    private static byte[] Disk(int pages, ulong rounds, int capacityPages = 256)
    {
        var disk = new byte[capacityPages * Ps];
        for (int p = 0; p < pages; p++) DiskPageFormat.WritePage(disk.AsSpan(p * Ps, Ps), (ulong)p, rounds);
        return disk;
    }

    private static void Put(byte[] disk, int page, int offset, ulong value) =>
        BinaryPrimitives.WriteUInt64LittleEndian(disk.AsSpan(page * Ps + offset), value);

    [Fact]
    public void FormatIsTheContracts()
    {
        var page = DiskPageFormat.ExpectedPage(5, 3);
        Assert.Equal("PCSIMSPG", Encoding.ASCII.GetString(page, 0, 8));
        Assert.Equal(5UL, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(8)));
        Assert.Equal(3UL, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(16)));
        Assert.Equal(DiskPageFormat.Fnv1a64(page.AsSpan(32)), BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(24)));
        ulong splat = 0x00007fff80000000UL + 5 * 0x10000UL + 3 * 0x10UL;
        for (int i = 0; i < 127; i++)
        {
            int r = 32 + 32 * i;
            ulong dw2 = 5UL * 1000003 + 3UL * 7919 + (ulong)i;
            Assert.Equal(splat, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(r)));
            Assert.Equal(splat, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(r + 8)));
            Assert.Equal(dw2, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(r + 16)));
            Assert.Equal(dw2 ^ 0xa5a5a5a55a5a5a5aUL, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(r + 24)));
        }
        // FNV-1a 64 reference values ("" and "a").
        Assert.Equal(0xcbf29ce484222325UL, DiskPageFormat.Fnv1a64([]));
        Assert.Equal(0xaf63dc4c8601ec8cUL, DiskPageFormat.Fnv1a64("a"u8));
    }

    [Fact]
    public void IntactDiskIsClean()
    {
        var r = DiskVerifier.Verify(Disk(64, 7), 64, 7);
        Assert.Equal(0UL, r.CorruptPages);
        Assert.Null(r.First);
        Assert.Equal(64UL, r.Pages);
    }

    [Fact]
    public void FindsExactlyTheDamagedPagesAndTheFirstWrongWord()
    {
        var disk = Disk(64, 7);
        // Page 3: the vs0 clobber - records 1 and 2 filled from FPSCR before the page was sealed.
        Put(disk, 3, 32 + 32 * 1, 0x0000000082004000UL);
        Put(disk, 3, 32 + 32 * 1 + 8, 0x0000000082004000UL);
        Put(disk, 3, 32 + 32 * 2, 0x0000000082004000UL);
        DiskPageFormat.SealChecksum(disk.AsSpan(3 * Ps, Ps));
        // Page 10: one byte flipped after sealing.
        disk[10 * Ps + 1000] ^= 0x40;
        // Page 20: the last round's write never arrived (an intact round-6 page).
        DiskPageFormat.WritePage(disk.AsSpan(20 * Ps, Ps), 20, 6);
        // Page 63: never written.
        disk.AsSpan(63 * Ps, Ps).Clear();
        // Page 40: only the checksum word is wrong.
        Put(disk, 40, 24, 0x1234UL);

        var r = DiskVerifier.Verify(disk, 64, 7);
        Assert.Equal(5UL, r.CorruptPages);
        Assert.Equal([3UL, 10, 20, 40, 63], r.Corruptions.Select(c => c.Page));

        var f = r.First!;
        Assert.Equal(3UL, f.Page);
        Assert.Equal(64, f.Offset);
        Assert.Equal(DiskPageFormat.Splat(3, 7), f.Expected);
        Assert.Equal(0x0000000082004000UL, f.Found);
        Assert.Equal(3, f.BadWords);
        Assert.True(f.ChecksumConsistent);
        Assert.Equal("wrong_before_checksum", f.Kind);
        Assert.Equal(3UL * 4096 + 64, f.DiskOffset);

        var flipped = r.Corruptions[1];
        Assert.Equal(1000 & ~7, flipped.Offset);
        Assert.Equal(1, flipped.BadWords);
        Assert.False(flipped.ChecksumConsistent);
        Assert.Equal("wrong_after_checksum", flipped.Kind);
        Assert.Equal(flipped.Expected ^ (0x40UL << (8 * (1000 & 7))), flipped.Found);

        var stale = r.Corruptions[2];
        Assert.Equal("stale_generation", stale.Kind);
        Assert.Equal(6UL, stale.FoundGeneration);
        Assert.Equal(16, stale.Offset);
        Assert.Equal(7UL, stale.Expected);
        Assert.Equal(6UL, stale.Found);

        var sum = r.Corruptions[3];
        Assert.Equal(24, sum.Offset);
        Assert.Equal(0, sum.BadWords);
        Assert.Equal(0x1234UL, sum.Found);

        var zero = r.Corruptions[4];
        Assert.Equal("never_written", zero.Kind);
        Assert.Equal(0, zero.Offset);
        Assert.Equal(DiskPageFormat.Magic, zero.Expected);
    }

    [Fact]
    public void WrongGenerationEverywhereIsEveryPage()
    {
        var r = DiskVerifier.Verify(Disk(16, 4), 16, 5);
        Assert.Equal(16UL, r.CorruptPages);
        Assert.All(r.Corruptions, c => Assert.Equal("stale_generation", c.Kind));
    }

    [Fact]
    public void PagesBeyondTheDeviceAreNeverWritten()
    {
        var r = DiskVerifier.Verify(Disk(4, 1, capacityPages: 4), 6, 1);
        Assert.Equal(2UL, r.CorruptPages);
        Assert.Equal([4UL, 5], r.Corruptions.Select(c => c.Page));
        Assert.All(r.Corruptions, c => Assert.Equal("never_written", c.Kind));
    }

    [Fact]
    public void APartialRunAcceptsEarlierRoundsButNotGarbage()
    {
        var disk = Disk(8, 3);
        DiskPageFormat.WritePage(disk.AsSpan(2 * Ps, Ps), 2, 1);   // only round 1 reached page 2
        disk.AsSpan(5 * Ps, Ps).Clear();                             // page 5 never written
        Put(disk, 6, 32, 0x82004000UL);                              // page 6 really corrupt
        DiskPageFormat.SealChecksum(disk.AsSpan(6 * Ps, Ps));
        var partial = DiskVerifier.Verify(disk, 8, 3, partial: true);
        Assert.True(partial.Partial);
        Assert.Equal([6UL], partial.Corruptions.Select(c => c.Page));
        Assert.Equal(3UL, DiskVerifier.Verify(disk, 8, 3).CorruptPages);
    }
}
