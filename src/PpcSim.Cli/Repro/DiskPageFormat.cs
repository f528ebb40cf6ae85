using System.Buffers.Binary;

namespace PpcSim.Cli.Repro;

/// <summary>
/// The page format of the firmware/C# contract (issue 5): 4096-byte little-endian pages, page p at
/// disk offset p*4096; header magic "PCSIMSPG", page number, generation (the 1-based round that wrote
/// it), FNV-1a 64 checksum of bytes 32..4095; then 127 records of four doublewords:
/// dw0 = dw1 = P(p,g) (the xxspltd splat the user thread keeps live in vs0), dw2 = p*1000003 +
/// g*7919 + i, dw3 = dw2 ^ 0xa5a5a5a55a5a5a5a. Both the verifier and the tests' writer use this type,
/// so the format is written down once on the C# side.
/// </summary>
public static class DiskPageFormat
{
    public const int PageSize = 4096;
    public const int HeaderSize = 32;
    public const int RecordSize = 32;
    public const int Records = (PageSize - HeaderSize) / RecordSize; // 127
    public const ulong Magic = 0x4750534d49534350UL; // bytes "PCSIMSPG" read little-endian
    public const int MagicOffset = 0, PageOffset = 8, GenerationOffset = 16, ChecksumOffset = 24;
    public const ulong SplatBase = 0x00007fff80000000UL;
    public const ulong Dw3Xor = 0xa5a5a5a55a5a5a5aUL;

    /// <summary>P(p,g): the value splatted into both doublewords of vs0 and stored in dw0 and dw1 of every record.</summary>
    public static ulong Splat(ulong page, ulong generation) => SplatBase + page * 0x10000UL + generation * 0x10UL;

    public static ulong Dw2(ulong page, ulong generation, int record) => page * 1000003UL + generation * 7919UL + (ulong)record;

    /// <summary>The expected doubleword at a data offset (32..4088, 8-aligned) of page p written in generation g.</summary>
    public static ulong DataWord(ulong page, ulong generation, int offset)
    {
        int rec = (offset - HeaderSize) / RecordSize, dw = (offset - HeaderSize) % RecordSize / 8;
        ulong d2 = Dw2(page, generation, rec);
        return dw switch { 0 or 1 => Splat(page, generation), 2 => d2, _ => d2 ^ Dw3Xor };
    }

    /// <summary>FNV-1a 64 over the bytes (the checksum covers page bytes 32..4095 as written).</summary>
    public static ulong Fnv1a64(ReadOnlySpan<byte> bytes)
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (byte b in bytes) h = (h ^ b) * 0x100000001b3UL;
        return h;
    }

    /// <summary>Writes page p of generation g as the workload does (data first, then the checksum over it).</summary>
    public static void WritePage(Span<byte> page, ulong p, ulong g)
    {
        if (page.Length < PageSize) throw new ArgumentException("a page is 4096 bytes", nameof(page));
        BinaryPrimitives.WriteUInt64LittleEndian(page[MagicOffset..], Magic);
        BinaryPrimitives.WriteUInt64LittleEndian(page[PageOffset..], p);
        BinaryPrimitives.WriteUInt64LittleEndian(page[GenerationOffset..], g);
        for (int off = HeaderSize; off < PageSize; off += 8)
            BinaryPrimitives.WriteUInt64LittleEndian(page[off..], DataWord(p, g, off));
        SealChecksum(page);
    }

    /// <summary>Recomputes the checksum over the page's current data (what a writer does after filling, corrupted or not).</summary>
    public static void SealChecksum(Span<byte> page) =>
        BinaryPrimitives.WriteUInt64LittleEndian(page[ChecksumOffset..], Fnv1a64(page[HeaderSize..PageSize]));

    /// <summary>The whole expected page image of page p, generation g.</summary>
    public static byte[] ExpectedPage(ulong p, ulong g)
    {
        var b = new byte[PageSize];
        WritePage(b, p, g);
        return b;
    }
}
