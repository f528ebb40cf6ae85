using PpcSim.Isa;

namespace PpcSim.Isa.Tests;

public class TableTests
{
    [Fact]
    public void SpecsAreIndexedByOp()
    {
        for (int i = 0; i < IsaTable.Specs.Count; i++) Assert.Equal(i, (int)IsaTable.Specs[i].Op);
    }

    [Fact]
    public void EveryMatchDecodesToItself()
    {
        foreach (var s in IsaTable.Specs.Skip(1).Where(s => !s.IsInvalidForm))
            Assert.True(Decoder.Instance.Decode(s.Match) == s.Op, $"{s.Name}: {s.Match:x8} decodes as {Decoder.Instance.Decode(s.Match)}");
    }

    [Fact]
    public void EveryAliasNamesItsBase()
    {
        foreach (var a in IsaTable.Aliases)
            Assert.True((a.Match & IsaTable.Get(a.BaseOp).Mask) == IsaTable.Get(a.BaseOp).Match, $"{a.Name} does not fit {a.BaseOp}");
    }
}
