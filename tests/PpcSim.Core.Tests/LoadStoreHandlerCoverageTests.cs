using PpcSim.Isa;

namespace PpcSim.Core.Tests;

public class LoadStoreHandlerCoverageTests
{
    /// <summary>
    /// Decoded but deliberately not executed (illegal instruction, as on a POWER9 without the
    /// facility or where no semantics are modelled yet): atomic memory operations, copy-paste,
    /// external control, coprocessor store, wait.
    /// </summary>
    private static readonly HashSet<string> s_decodeOnly =
        ["lwat", "ldat", "stwat", "stdat", "copy", "paste.", "cpabort", "eciwx", "ecowx", "icswx", "icswx.", "wait"];

    [Fact]
    public void EveryLoadStoreEntryHasAHandler()
    {
        var missing = IsaTable.Specs.Skip(1)
            .Where(s => s.Source.StartsWith("loadstore.isa:", StringComparison.Ordinal) && !s_decodeOnly.Contains(s.Name))
            .Where(s => !Dispatch.IsImplemented(s.Op))
            .Select(s => s.Name)
            .ToList();
        Assert.True(missing.Count == 0, "no handler: " + string.Join(", ", missing));
    }

    /// <summary>Interpreter.Privileged.cs binds to isa/system.isa by mnemonic; a rename would silently unbind it.</summary>
    [Theory]
    [InlineData("rfid")]
    [InlineData("hrfid")]
    [InlineData("stop")]
    [InlineData("mfmsr r3")]
    [InlineData("mtmsr r3")]
    [InlineData("mtmsrd r3,1")]
    [InlineData("msgsnd r3")]
    [InlineData("msgclr r3")]
    [InlineData("msgsndp r3")]
    [InlineData("msgclrp r3")]
    [InlineData("msgsync")]
    [InlineData("tlbie r3,r4")]
    [InlineData("tlbiel r3")]
    [InlineData("tlbsync")]
    [InlineData("slbia")]
    [InlineData("slbie r3")]
    public void PrivilegedHandlersAreBound(string asm)
    {
        var op = Decoder.Instance.Decode(Assembler.Assemble(asm));
        Assert.True(Dispatch.IsImplemented(op), $"{asm} ({op}) has no handler");
        Assert.NotEqual(Privilege.User, IsaTable.Get(op).Privilege);
    }
}
