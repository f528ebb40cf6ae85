using PpcSim.Isa;

namespace PpcSim.Core.Tests;

/// <summary>Branches, CR logical/field moves, SPR moves and addpcis (Power ISA 3.0B ch. 2 and 3.3.17).</summary>
public class BranchAndCrTests
{
    [Fact]
    public void BdnzLoopRunsCtrTimes()
    {
        var m = Machine.Exec("""
            li r3,0
            li r4,7
            mtctr r4
            loop: addi r3,r3,1
            bdnz loop
            """);
        Assert.Equal(7UL, m[3]);
        Assert.Equal(0UL, m.Cpu.Ctr);
    }

    [Fact]
    public void ConditionalBranchesOnAnyCrField()
    {
        var m = Machine.Exec("""
            li r3,5
            cmpwi cr7,r3,5
            li r4,0
            bne cr7,skip
            li r4,1
            skip: blt- cr7,skip2
            addi r4,r4,10
            skip2: bgt+ cr7,end
            addi r4,r4,100
            end: nop
            """);
        Assert.Equal(111UL, m[4]);
    }

    [Fact]
    public void BdnzfAndBdztCombineCtrAndCondition()
    {
        // bdnzf eq: loop while CTR != 0 and EQ clear; EQ set once r3 reaches 3.
        var m = Machine.Exec("""
            li r3,0
            li r4,10
            mtctr r4
            loop: addi r3,r3,1
            cmpwi r3,3
            bdnzf eq,loop
            """);
        Assert.Equal(3UL, m[3]);
        Assert.Equal(7UL, m.Cpu.Ctr);
    }

    [Fact]
    public void CallAndReturnThroughLr()
    {
        var m = Machine.Exec("""
            li r3,1
            bl func
            addi r3,r3,100
            b end
            func: addi r3,r3,10
            blr
            end: nop
            """);
        Assert.Equal(111UL, m[3]);
        Assert.Equal(Machine.Code + 8, m.Cpu.Lr);
    }

    [Fact]
    public void BlrlBranchesToTheOldLr()
    {
        var m = new Machine("""
            blrl
            li r3,1
            target: li r4,2
            """);
        m.Cpu.Lr = m.Labels["target"];
        m.Run();
        Assert.Equal(0UL, m[3]);
        Assert.Equal(2UL, m[4]);
        Assert.Equal(Machine.Code + 4, m.Cpu.Lr);
    }

    [Fact]
    public void BctrAndBctarIgnoreTheLowTwoBits()
    {
        var m = new Machine("""
            bctrl
            li r3,1
            t1: li r4,2
            btar
            li r5,3
            t2: li r6,4
            """);
        m.Cpu.Ctr = m.Labels["t1"] | 3;
        m.Cpu.Tar = m.Labels["t2"] | 1;
        m.Run();
        Assert.Equal((0UL, 2UL, 0UL, 4UL), (m[3], m[4], m[5], m[6]));
        Assert.Equal(Machine.Code + 4, m.Cpu.Lr);
    }

    [Fact]
    public void BcctrWithCtrDecrementTestsTheOldValue()
    {
        // bcctr 16,0 (BO_2=0, BO_3=0): taken while the old CTR is non-zero, then CTR decrements
        // (QEMU's model of POWER's behaviour for this form the ISA calls invalid).
        var m = new Machine("""
            bcctr 16,0
            li r3,1
            t: li r4,2
            """);
        m.Cpu.Ctr = m.Labels["t"];
        m.Run();
        Assert.Equal((0UL, 2UL), (m[3], m[4]));
        Assert.Equal(m.Labels["t"] - 1, m.Cpu.Ctr);
    }

    [Fact]
    public void AbsoluteBranch()
    {
        var m = new Machine("ba 0x10008\nli r3,1\nli r4,2");
        m.Run();
        Assert.Equal((0UL, 2UL), (m[3], m[4]));
    }

    [Fact]
    public void NarrowModeTruncatesTargetsAndTestsTheLowWordOfCtr()
    {
        var m = new Machine("bdnz t\nli r3,1\nt: li r4,2");
        m.Cpu.SetMsr(m.Cpu.Msr & ~Msr.SF);
        m.Cpu.Ctr = 0x1_0000_0001UL; // low word becomes 0 after the decrement: not taken
        m.Run();
        Assert.Equal((1UL, 2UL), (m[3], m[4]));
    }

    [Fact]
    public void SystemCallIsTakenAfterTheInstruction()
    {
        var m = new Machine("sc\nnop");
        m.Run();
        Assert.Equal(Interrupt.SystemCall, m.Cpu.Pending);
        Assert.Equal(Machine.Code + 4, m.Cpu.Pc);
    }

    [Fact]
    public void CrLogicalAndFieldMoves()
    {
        var m = new Machine("""
            crset 4*cr1+lt
            crclr 4*cr1+gt
            crnot 4*cr1+eq,4*cr1+gt
            crmove 4*cr1+so,4*cr1+lt
            crandc lt,4*cr1+lt,4*cr1+gt
            crnand gt,4*cr1+lt,4*cr1+eq
            crorc eq,4*cr1+gt,4*cr1+gt
            crnor so,4*cr1+lt,4*cr1+gt
            mcrf cr7,cr1
            """);
        m.Cpu.Cr = 0x0000_0000;
        m.Run();
        Assert.Equal(0xbu, m.CrField(1)); // LT, EQ, SO
        Assert.Equal(0xau, m.CrField(0)); // LT (1 andc 0), GT = nand(1,1) = 0, EQ = 0 orc 0 = 1, SO = nor(1,0) = 0
        Assert.Equal(0xbu, m.CrField(7));
    }

    [Fact]
    public void MoveToAndFromCr()
    {
        var m = Machine.Exec("""
            mtcrf 0x83,r3
            mfcr r5
            mfocrf r6,0x02
            mtocrf 0x20,r4
            mfcr r7
            li r8,-1
            mfocrf r8,0x03
            """, (3, 0xffff_ffff_1234_5678UL), (4, 0x00c0_0000UL));
        Assert.Equal(0x1000_0078UL, m[5]);            // fields 0, 6 and 7 from r3
        Assert.Equal(0x0000_0070UL, m[6]);            // field 6 only
        Assert.Equal(0x10c0_0078UL, m[7]);            // field 2 from r4
        Assert.Equal(ulong.MaxValue, m[8]);           // two fields named: undefined, left unchanged
        Assert.Equal(0xffff_ffffUL, Machine.Exec("mtcr r3\nmfcr r5", (3, ulong.MaxValue))[5]);
    }

    [Fact]
    public void McrxrxCopiesOvOv32CaCa32()
    {
        var m = new Machine("mcrxrx cr3");
        m.Cpu.Xer = (1UL << 30) | (1UL << 18); // OV and CA32
        m.Run();
        Assert.Equal(0x9u, m.CrField(3));
    }

    [Fact]
    public void SprMoves()
    {
        var m = Machine.Exec("""
            mtlr r3
            mtctr r4
            mttar r3
            mflr r5
            mfctr r6
            mftar r7
            mtxer r8
            mfxer r9
            mtvrsave r4
            mfvrsave r10
            """, (3, 0x1234UL), (4, 0x5678UL), (8, 0xffff_ffff_ffff_ffffUL));
        Assert.Equal((0x1234UL, 0x5678UL, 0x1234UL), (m[5], m[6], m[7]));
        // XER keeps SO, OV, CA, OV32, CA32 and the byte count.
        Assert.Equal(0xe00c_007fUL, m[9]);
        Assert.Equal(0x5678UL, m[10]);
    }

    [Fact]
    public void TimebaseReads()
    {
        var m = new Machine("mftb r3\nmftbu r4\n.long 0x7cac42e6"); // the last is mftb r5 (XFX 371)
        m.Cpu.ReadTimebase = () => 0x1_2345_6789UL;
        m.Run();
        Assert.Equal((0x1_2345_6789UL, 1UL, 0x1_2345_6789UL), (m[3], m[4], m[5]));
    }

    [Fact]
    public void AddpcisIsRelativeToTheNextInstruction()
    {
        var m = Machine.Exec("nop\naddpcis r3,1\nlnia r4\naddpcis r5,-1");
        Assert.Equal(Machine.Code + 8 + 0x10000, m[3]);
        Assert.Equal(Machine.Code + 12, m[4]);
        Assert.Equal(Machine.Code + 16 - 0x10000, m[5]);
    }

    [Fact]
    public void EveryFixedPointAndBranchEntryHasAHandler()
    {
        // scv (system call vectored) has no interrupt model in PpcSim yet.
        var missing = IsaTable.Specs.Skip(1)
            .Where(s => s.Source.StartsWith("fixed.isa:", StringComparison.Ordinal) || s.Source.StartsWith("branch.isa:", StringComparison.Ordinal))
            .Where(s => !Dispatch.IsImplemented(s.Op) && s.Name != "scv")
            .Select(s => s.Name)
            .ToList();
        Assert.True(missing.Count == 0, "no handler for: " + string.Join(", ", missing));
    }
}
