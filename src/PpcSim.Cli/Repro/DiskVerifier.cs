using System.Buffers.Binary;

namespace PpcSim.Cli.Repro;

/// <summary>
/// Checks a disk image against the contract's page format: pages 0..pages-1 must each hold the
/// image the workload writes in its last round (generation = rounds), header and checksum
/// included. This reads the block device's bytes, not anything the guest says, so it is the
/// authoritative answer to "was data corrupted on disk".
/// </summary>
public static class DiskVerifier
{
    public const int DefaultListed = int.MaxValue;

    /// <param name="partial">The writer stopped early (the kernel's completed=0): a page that is an
    /// intact image of any round 1..rounds, or was never written, is not corrupt; only bytes that no
    /// round could have written count.</param>
    public static DiskReport Verify(ReadOnlySpan<byte> disk, ulong pages, ulong rounds, int listed = DefaultListed, bool partial = false)
    {
        const int ps = DiskPageFormat.PageSize;
        var list = new List<DiskCorruption>();
        ulong corrupt = 0;
        var expected = new byte[ps];
        var missing = new byte[ps];
        for (ulong p = 0; p < pages; p++)
        {
            DiskPageFormat.WritePage(expected, p, rounds);
            // A page past the end of the disk reads as never written (all zero): the workload
            // was configured for more pages than the device holds.
            ReadOnlySpan<byte> page = p < (ulong)disk.Length / ps ? disk.Slice((int)(p * ps), ps) : missing;
            if (page.SequenceEqual(expected)) continue;
            if (partial && IsEarlierRound(page, p, rounds)) continue;
            corrupt++;
            if (list.Count < listed) list.Add(Describe(page, expected, p, rounds));
        }
        return new DiskReport { Pages = pages, Rounds = rounds, CorruptPages = corrupt, Corruptions = list, Partial = partial };
    }

    private static bool IsEarlierRound(ReadOnlySpan<byte> page, ulong p, ulong rounds)
    {
        if (!page.ContainsAnyExcept((byte)0)) return true;
        ulong gen = BinaryPrimitives.ReadUInt64LittleEndian(page[DiskPageFormat.GenerationOffset..]);
        return gen >= 1 && gen < rounds && page.SequenceEqual(DiskPageFormat.ExpectedPage(p, gen));
    }

    private static DiskCorruption Describe(ReadOnlySpan<byte> page, ReadOnlySpan<byte> expected, ulong p, ulong rounds)
    {
        int first = -1, bad = 0;
        for (int off = 0; off < DiskPageFormat.PageSize; off += 8)
        {
            if (off == DiskPageFormat.ChecksumOffset) continue;
            if (!page.Slice(off, 8).SequenceEqual(expected.Slice(off, 8)))
            {
                bad++;
                if (first < 0) first = off;
            }
        }
        if (first < 0) first = DiskPageFormat.ChecksumOffset; // only the checksum word differs
        ulong storedSum = BinaryPrimitives.ReadUInt64LittleEndian(page[DiskPageFormat.ChecksumOffset..]);
        bool consistent = storedSum == DiskPageFormat.Fnv1a64(page[DiskPageFormat.HeaderSize..]);
        ulong gen = BinaryPrimitives.ReadUInt64LittleEndian(page[DiskPageFormat.GenerationOffset..]);
        string kind;
        if (!page.ContainsAnyExcept((byte)0)) kind = "never_written";
        else if (gen != rounds && gen >= 1 && gen < rounds && page.SequenceEqual(DiskPageFormat.ExpectedPage(p, gen)))
            kind = "stale_generation"; // an intact page of an earlier round: a lost or reordered write
        else kind = consistent ? "wrong_before_checksum" : "wrong_after_checksum";
        return new DiskCorruption
        {
            Page = p,
            Offset = first,
            Expected = BinaryPrimitives.ReadUInt64LittleEndian(expected[first..]),
            Found = BinaryPrimitives.ReadUInt64LittleEndian(page[first..]),
            BadWords = bad,
            ChecksumConsistent = consistent,
            FoundGeneration = gen,
            Kind = kind,
        };
    }
}
