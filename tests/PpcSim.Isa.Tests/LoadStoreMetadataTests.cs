namespace PpcSim.Isa.Tests;

/// <summary>
/// The weak-memory model and the timing model read mem=, size=, reads= and writes= of every
/// storage instruction; these checks keep isa/loadstore.isa honest about them.
/// </summary>
public class LoadStoreMetadataTests
{
    private static IEnumerable<InsnSpec> Storage => IsaTable.Specs.Skip(1).Where(s => s.Source.StartsWith("loadstore.isa:", StringComparison.Ordinal));

    [Fact]
    public void EveryAccessHasASize()
    {
        foreach (var s in Storage.Where(s => s.Mem != MemKind.None))
            Assert.True(s.Size > 0 || s.Attr("size") == "var", $"{s}: mem={s.Mem} without size");
    }

    [Fact]
    public void LoadsWriteARegisterAndStoresReadOne()
    {
        foreach (var s in Storage)
        {
            if (s.Mem is MemKind.Load or MemKind.LoadReserve && s.Name is not "copy")
                Assert.True(s.Writes.Any(r => r is "rt" or "rtp"), $"{s}: a load that writes no target");
            if (s.Mem is MemKind.Store or MemKind.StoreConditional && s.FieldNames.Contains("rs") | s.FieldNames.Contains("rsp"))
                Assert.True(s.Reads.Any(r => r is "rs" or "rsp"), $"{s}: a store that reads no source");
            if (s.Mem is MemKind.LoadReserve) Assert.Contains("resv", s.Writes);
            if (s.Mem is MemKind.StoreConditional) Assert.Contains("cr0", s.Writes);
        }
    }

    [Fact]
    public void AddressRegistersAreReadAndUpdateFormsWriteRa()
    {
        foreach (var s in Storage.Where(s => s.Mem != MemKind.None))
        {
            foreach (var f in new[] { "ra", "ra0", "rb" })
                if (s.FieldNames.Contains(f)) Assert.True(s.Reads.Contains(f), $"{s}: address register {f} not in reads=");
            bool update = s.Name.EndsWith('u') || s.Name.EndsWith("ux", StringComparison.Ordinal);
            if (update && s.FieldNames.Contains("ra") && s.Name != "icswx") Assert.True(s.Writes.Contains("ra"), $"{s}: update form does not write ra");
        }
    }

    [Fact]
    public void BarriersCarryTheirKind()
    {
        Assert.Equal(BarrierKind.Sync, IsaTable.Get(Decoder.Instance.Decode(Assembler.Assemble("sync"))).Barrier);
        Assert.Equal(BarrierKind.Lwsync, IsaTable.Get(Decoder.Instance.Decode(Assembler.Assemble("lwsync"))).Barrier);
        Assert.Equal(BarrierKind.Ptesync, IsaTable.Get(Decoder.Instance.Decode(Assembler.Assemble("ptesync"))).Barrier);
        Assert.Equal(BarrierKind.Eieio, IsaTable.Get(Decoder.Instance.Decode(Assembler.Assemble("eieio"))).Barrier);
        Assert.Equal(BarrierKind.Isync, IsaTable.Get(Decoder.Instance.Decode(Assembler.Assemble("isync"))).Barrier);
    }
}
