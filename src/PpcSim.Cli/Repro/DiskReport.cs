namespace PpcSim.Cli.Repro;

/// <summary>What <see cref="DiskVerifier"/> found on the disk image after a run.</summary>
public sealed record DiskReport
{
    public required ulong Pages { get; init; }
    public required ulong Rounds { get; init; }
    /// <summary>Pages that differ from the expected final image (all of them, not only the listed ones).</summary>
    public required ulong CorruptPages { get; init; }
    /// <summary>The first few corrupt pages in page order (at most the verifier's limit).</summary>
    public required IReadOnlyList<DiskCorruption> Corruptions { get; init; }
    /// <summary>Checked as a partial run (the writer stopped early): earlier rounds' intact pages and unwritten pages were accepted.</summary>
    public bool Partial { get; init; }

    public DiskCorruption? First => Corruptions.Count > 0 ? Corruptions[0] : null;
}
