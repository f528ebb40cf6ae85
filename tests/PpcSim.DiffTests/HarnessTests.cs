using PpcSim.Core.Random;
using PpcSim.TestSupport;

namespace PpcSim.DiffTests;

/// <summary>The harness itself: an empty sequence must hand back exactly the state it loaded.</summary>
public class HarnessTests
{
    [Fact]
    public void EmptySequencesRoundTripUnderQemu() => RoundTrip(Runners.Qemu);

    /// <summary>The harness's own instructions (lxvd2x, mtfsf L=1, mtvscr, mtcrf, mtxer, stxvd2x, mffs, ...) on PpcSim.</summary>
    [Fact]
    public void EmptySequencesRoundTripUnderPpcSim() => RoundTrip(Runners.PpcSim);

    private static void RoundTrip(Func<string, RunOutput> run)
    {
        var rng = new Xoshiro256StarStar(1);
        var blocks = Enumerable.Range(0, 8).Select(i => new HarnessBuilder.Block(Layout.CodeAddress(i), StateGenerator.Random(rng), [])).ToList();
        var dir = Tools.TempDir("difftest");
        try
        {
            var elf = HarnessBuilder.Build(blocks, dir);
            var r = run(elf);
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal(blocks.Count, r.Records.Count);
            for (int i = 0; i < blocks.Count; i++)
                Assert.Equal(Describe(blocks[i].Initial), Describe(r.Records[i]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Describe(ArchState s) =>
        string.Join("\n", Enumerable.Range(0, ArchState.Count).Select(i => $"{ArchState.SlotName(i)}={ArchState.Hex(s[i])}"));
}
