using PpcSim.Litmus;
using PpcSim.Memory.Weak;

namespace PpcSim.Litmus.Tests;

/// <summary>
/// The tso and sc models: exhaustively they give exactly what an independent reference
/// (whole instructions on the plain interpreter, interleaved; FIFO store buffers for TSO)
/// gives, and every such outcome is also a POWER outcome (herd7's set).
/// </summary>
public sealed class WeakerModelTests
{
    public static TheoryData<string> Names() => Suite.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void ScIsExactlySequentialConsistency(string name) => Check(name, MemoryModel.Sc);

    [Theory]
    [MemberData(nameof(Names))]
    public void TsoIsExactlyTotalStoreOrder(string name) => Check(name, MemoryModel.Tso);

    private static void Check(string name, MemoryModel model)
    {
        var test = Suite.Compile(name);
        var e = Suite.Entry(name);
        var r = LitmusRunner.RunExhaustive(test, model);
        var bad = Suite.Unsound(e, r);
        Assert.True(bad.Count == 0, $"{name} ({model}): states herd7's Power model forbids: {string.Join(", ", bad)}");
        // The reference has no model of reservations under a store buffer; LLSC tests are only checked for soundness there.
        bool llsc = test.Threads.Any(t => t.Program.Instructions.Any(i => i.Kind == Machine.Weak.InsnKind.StoreConditional));
        if (model == MemoryModel.Tso && llsc) return;
        var expected = new ReferenceEnumerator(test, tso: model == MemoryModel.Tso).Outcomes();
        var ours = r.Outcomes.Select(o => o.Text).ToHashSet();
        Assert.True(expected.SetEquals(ours),
            $"{name} ({model}): reference-only [{string.Join(" | ", expected.Except(ours))}] model-only [{string.Join(" | ", ours.Except(expected))}]");
    }

    [Fact]
    public void TsoShowsStoreBufferingButNeverMessagePassing()
    {
        var sb = LitmusRunner.Run(Suite.Compile("SB"), MemoryModel.Tso, 20_000, 7);
        var mp = LitmusRunner.Run(Suite.Compile("MP"), MemoryModel.Tso, 20_000, 7);
        Assert.True(sb.Positive > 0, "tso never showed SB's witness");
        Assert.Equal(0, mp.Positive);
        Assert.True(LitmusRunner.RunExhaustive(Suite.Compile("SB"), MemoryModel.Tso).Positive > 0);
        Assert.Equal(0, LitmusRunner.RunExhaustive(Suite.Compile("MP"), MemoryModel.Tso).Positive);
    }

    [Fact]
    public void ScShowsNeitherStoreBufferingNorMessagePassing()
    {
        foreach (var name in new[] { "SB", "MP", "IRIW", "LB", "2+2W" })
        {
            Assert.Equal(0, LitmusRunner.Run(Suite.Compile(name), MemoryModel.Sc, 20_000, 7).Positive);
            Assert.Equal(0, LitmusRunner.RunExhaustive(Suite.Compile(name), MemoryModel.Sc).Positive);
        }
    }

    [Fact]
    public void TsoRandomRunsAreSound()
    {
        foreach (var name in Suite.NameList())
        {
            var bad = Suite.Unsound(Suite.Entry(name), LitmusRunner.Run(Suite.Compile(name), MemoryModel.Tso, 5_000, 3));
            Assert.True(bad.Count == 0, $"{name}: {string.Join(", ", bad)}");
        }
    }
}
