namespace PpcSim.DiffTests;

/// <summary>
/// Fixed addresses of the harness ELF and the byte layout of one state record (input and output
/// share it). Everything a sequence can observe (r31, the scratch window, its own code address)
/// sits at an address that does not depend on the batch, so a case replays identically alone.
/// </summary>
public static class Layout
{
    public const ulong TextBase = 0x1000_0000;
    public const ulong DataBase = 0x1800_0000;

    /// <summary>Page boundary in the middle of the scratch window; r31 holds it during a sequence.</summary>
    public const ulong ScratchBoundary = 0x2000_0000;
    /// <summary>Scratch window: [ScratchBoundary - 256, ScratchBoundary + 256), straddling two pages.</summary>
    public const int ScratchSize = 512;
    public const ulong ScratchBase = ScratchBoundary - ScratchSize / 2;
    /// <summary>The output record, reachable from r31 with a 16-bit displacement.</summary>
    public const ulong OutRecordOffset = 0x1000;
    public const ulong BssBase = ScratchBoundary - 0x1000;
    public const ulong BssSize = 0x3000;

    /// <summary>GPR the harness reserves: always ScratchBoundary inside a sequence, never written by one.</summary>
    public const int BaseGpr = 31;

    /// <summary>First sequence's code address; sequence i starts at FirstCode + i * CodeStride.</summary>
    public const ulong FirstCode = TextBase + 0x2000;
    public const ulong CodeStride = 0x400;
    /// <summary>Prologue words before a sequence's first instruction (see HarnessBuilder).</summary>
    public const int PrologueWords = 7;
    public const int EpilogueWords = 9;
    public const int MaxSequenceWords = (int)(CodeStride / 4) - PrologueWords - EpilogueWords - 1;

    // ---- record layout (bytes) ----
    public const int OffMagic = 0;
    public const int OffIndex = 8;
    public const int OffGpr = 16;
    public const int OffVsr = OffGpr + 32 * 8;        // 64 x (dw0, dw1)
    public const int OffCr = OffVsr + 64 * 16;
    public const int OffXer = OffCr + 8;
    public const int OffFpscr = OffXer + 8;
    public const int OffVscr = OffFpscr + 8;         // 16 bytes as stxvd2x writes them: VSCR in dw1's low word
    public const int OffLr = OffVscr + 16;
    public const int OffCtr = OffLr + 8;
    public const int OffScratch = OffCtr + 16;
    public const int RecordSize = OffScratch + ScratchSize;

    public const ulong Magic = 0x4646_4944_5050_4350UL; // "PCPPDIFF" little-endian

    public static ulong CodeAddress(int slot) => FirstCode + (ulong)slot * CodeStride;
}
