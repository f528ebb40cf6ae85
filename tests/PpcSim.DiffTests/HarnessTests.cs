using PpcSim.TestSupport;

namespace PpcSim.DiffTests;

/// <summary>The harness itself: an empty sequence must hand back exactly the state it loaded.</summary>
public class HarnessTests
{
    [Fact]
    public void EmptySequencesRoundTripUnderQemu()
    {
        var rng = new Rng(1);
        var blocks = Enumerable.Range(0, 4).Select(i => new HarnessBuilder.Block(Layout.CodeAddress(i), StateGenerator.Random(rng), [])).ToList();
        var dir = Tools.TempDir("difftest");
        var elf = HarnessBuilder.Build(blocks, dir);
        var q = Runners.Qemu(elf);
        Assert.Equal(0, q.ExitCode);
        Assert.Equal(blocks.Count, q.Records.Count);
        for (int i = 0; i < blocks.Count; i++)
            Assert.Equal(Describe(blocks[i].Initial), Describe(q.Records[i]));
    }

    private static string Describe(ArchState s) =>
        string.Join("\n", Enumerable.Range(0, ArchState.Count).Select(i => $"{ArchState.SlotName(i)}={ArchState.Hex(s[i])}"));
}
