namespace PpcSim.Cli.Repro;

/// <summary>
/// One page of the disk that is not what the workload's last round should have left there.
/// <see cref="Offset"/>, <see cref="Expected"/> and <see cref="Found"/> name the first wrong
/// doubleword (data words before the checksum word: a page filled from a clobbered vs0 carries a
/// checksum that matches the bad data, and the data is where the story is).
/// </summary>
public sealed record DiskCorruption
{
    public required ulong Page { get; init; }
    /// <summary>Byte offset of the first wrong doubleword within the page.</summary>
    public required int Offset { get; init; }
    public required ulong Expected { get; init; }
    public required ulong Found { get; init; }
    /// <summary>Wrong doublewords in the page (the checksum word not counted).</summary>
    public required int BadWords { get; init; }
    /// <summary>The stored checksum matches the stored data: the bytes were wrong before the writer sealed the page (in memory), not damaged afterwards.</summary>
    public required bool ChecksumConsistent { get; init; }
    /// <summary>The generation word found in the page header.</summary>
    public required ulong FoundGeneration { get; init; }
    /// <summary>never_written, stale_generation, wrong_before_checksum, wrong_after_checksum.</summary>
    public required string Kind { get; init; }

    /// <summary>Absolute byte offset on the disk of the first wrong doubleword.</summary>
    public ulong DiskOffset => Page * DiskPageFormat.PageSize + (ulong)Offset;
}
