namespace PpcSim.Isa.Tests;

/// <summary>Assembler details of the fixed-point and branch tables that the objdump round trip does not reach.</summary>
public class FixedBranchAssemblerTests
{
    [Theory]
    [InlineData("sub r3,r4,r5", "subf r3,r5,r4")]
    [InlineData("subo. r3,r4,r5", "subfo. r3,r5,r4")]
    [InlineData("subc r3,r4,r5", "subfc r3,r5,r4")]
    [InlineData("subi r3,r4,5", "addi r3,r4,-5")]
    [InlineData("subis r3,r4,1", "addis r3,r4,-1")]
    [InlineData("subic. r3,r4,1", "addic. r3,r4,-1")]
    [InlineData("la r3,8(r4)", "addi r3,r4,8")]
    [InlineData("beq+ cr7,0x40", "bc 15,30,0x40")]
    [InlineData("bdnzl- 0x40", "bcl 24,0,0x40")]
    [InlineData("blt 0x40", "bc 12,lt,0x40")]
    [InlineData("bnelr cr1", "bclr 4,4*cr1+eq")]
    [InlineData("beqctrl", "bcctrl 12,eq")]
    [InlineData("crset 4*cr7+so", "creqv 31,31,31")]
    [InlineData("slwi r3,r4,5", "rlwinm r3,r4,5,0,26")]
    [InlineData("srwi r3,r4,5", "rlwinm r3,r4,27,5,31")]
    [InlineData("clrrwi r3,r4,5", "rlwinm r3,r4,0,0,26")]
    [InlineData("sldi r3,r4,5", "rldicr r3,r4,5,58")]
    [InlineData("srdi r3,r4,5", "rldicl r3,r4,59,5")]
    [InlineData("clrrdi r3,r4,5", "rldicr r3,r4,0,58")]
    [InlineData("mfsprg r3,2", "mfspr r3,274")]
    [InlineData("mtibatl 3,r3", "mtspr 535,r3")]
    public void ExtendedMnemonicsEncodeTheirBase(string extended, string baseForm)
    {
        Assert.Equal(Assembler.Assemble(baseForm, 0x100).ToString("x8"), Assembler.Assemble(extended, 0x100).ToString("x8"));
    }

    [Fact]
    public void AssemblerOnlyNamesAreNeverPrinted()
    {
        Assert.Equal("subf    r3,r5,r4", Disassembler.Disassemble(Assembler.Assemble("sub r3,r4,r5"), 0));
        Assert.Equal("addi    r3,r4,-5", Disassembler.Disassemble(Assembler.Assemble("subi r3,r4,5"), 0));
    }

    [Fact]
    public void AbsoluteTargetsPrintAndParseAs32BitValues()
    {
        uint w = Assembler.Assemble("ba 0xfffffff0");
        Assert.Equal(0x4bfffff2u, w);
        Assert.Equal("ba      0xfffffff0", Disassembler.Disassemble(w, 0x1234));
        // A relative branch below address 0 prints as a 64-bit address and assembles back.
        w = Assembler.Assemble("b 0xfffffffffffffff0", 8);
        Assert.Equal(0x4bffffe8u, w);
    }

    [Fact]
    public void ObjdumpRefusedBranchEncodingsStillDecode()
    {
        // BO=10001 with BI != 0 ('at' = 01 is reserved): objdump prints .long, POWER9 runs it as bdnz.
        const uint word = 0x42210100;
        Assert.Equal(".long 0x42210100", Disassembler.Disassemble(word, 0));
        Assert.Equal(Op.Bc, Decoder.Instance.Decode(word));
    }
}
