using static PpcSim.Core.Tests.LoadStoreMachine;

namespace PpcSim.Core.Tests;

/// <summary>MSR[LE]=0: byte order of ordinary accesses, and the multiple/string instructions that exist only there.</summary>
public class BigEndianLoadStoreTests
{
    [Fact]
    public void OrdinaryAccessesAreBigEndian()
    {
        var m = new LoadStoreMachine(littleEndian: false);
        m.Poke(Data, 1, 2, 3, 4, 5, 6, 7, 8);
        m.Cpu.Gpr[4] = Data;
        Assert.True(m.Run("lwz r3,0(r4)"));
        Assert.Equal(0x0102_0304UL, m.Cpu.Gpr[3]);
        Assert.True(m.Run("lwbrx r3,0,r4"));
        Assert.Equal(0x0403_0201UL, m.Cpu.Gpr[3]);
        m.Cpu.Gpr[3] = 0x1122_3344_5566_7788UL;
        Assert.True(m.Run("std r3,8(r4)"));
        Assert.Equal(new byte[] { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 }, m.Peek(Data + 8, 8));
    }

    [Fact]
    public void LmwAndStmwMoveRegistersRtThrough31()
    {
        var m = new LoadStoreMachine(littleEndian: false);
        m.Poke(Data, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        m.Cpu.Gpr[4] = Data;
        m.Cpu.Gpr[29] = ulong.MaxValue;
        Assert.True(m.Run("lmw r29,0(r4)"));
        Assert.Equal(0x0102_0304UL, m.Cpu.Gpr[29]);
        Assert.Equal(0x0506_0708UL, m.Cpu.Gpr[30]);
        Assert.Equal(0x090a_0b0cUL, m.Cpu.Gpr[31]);
        Assert.True(m.Run("stmw r30,16(r4)"));
        Assert.Equal(new byte[] { 5, 6, 7, 8, 9, 10, 11, 12 }, m.Peek(Data + 16, 8));
    }

    [Fact]
    public void LmwFaultLoadsNothing()
    {
        var m = new LoadStoreMachine(littleEndian: false);
        m.Cpu.Gpr[4] = ReadOnly + 0xffc; // r30 readable, r31 unmapped
        m.Cpu.Gpr[30] = 0x30;
        Assert.False(m.Run("lmw r30,0(r4)"));
        Assert.Equal(Interrupt.DataStorage, m.Cpu.Pending);
        Assert.Equal(0x30UL, m.Cpu.Gpr[30]);
    }

    [Fact]
    public void StringLoadsFillHighOrderBytesAndWrapToR0()
    {
        var m = new LoadStoreMachine(littleEndian: false);
        m.Poke(Data, 1, 2, 3, 4, 5, 6, 7);
        m.Cpu.Gpr[4] = Data;
        m.Cpu.Gpr[0] = ulong.MaxValue;
        m.Cpu.Gpr[31] = ulong.MaxValue;
        Assert.True(m.Run("lswi r31,r4,7"));
        Assert.Equal(0x0102_0304UL, m.Cpu.Gpr[31]);
        Assert.Equal(0x0506_0700UL, m.Cpu.Gpr[0]);

        m.Cpu.XerCount = 5;
        m.Cpu.Gpr[5] = 1;
        Assert.True(m.Run("lswx r6,r4,r5"));
        Assert.Equal(0x0203_0405UL, m.Cpu.Gpr[6]);
        Assert.Equal(0x0600_0000UL, m.Cpu.Gpr[7]);

        m.Cpu.Gpr[8] = 0xaabb_ccdd;
        m.Cpu.Gpr[9] = 0xeeff_0000;
        Assert.True(m.Run("stswi r8,r4,6"));
        Assert.Equal(new byte[] { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 7 }, m.Peek(Data, 7));
    }

    [Fact]
    public void StringLoadOverwritingItsBaseIsIllegal()
    {
        var m = new LoadStoreMachine(littleEndian: false);
        m.Cpu.Gpr[4] = Data;
        Assert.False(m.Run("lswi r3,r4,8")); // loads r3 and r4
        Assert.Equal(Interrupt.Program, m.Cpu.Pending);
    }

    [Fact]
    public void QuadwordBigEndianPutsTheFirstDoublewordInTheEvenRegister()
    {
        var m = new LoadStoreMachine(littleEndian: false);
        m.Poke(Data + 0x10, 0, 0, 0, 0, 0, 0, 0x11, 0x11, 0, 0, 0, 0, 0, 0, 0x22, 0x22);
        m.Cpu.Gpr[9] = Data;
        Assert.True(m.Run("lq r28,16(r9)"));
        Assert.Equal(0x1111UL, m.Cpu.Gpr[28]);
        Assert.Equal(0x2222UL, m.Cpu.Gpr[29]);
        m.Cpu.Gpr[4] = Data + 0x10;
        Assert.True(m.Run("lqarx r10,0,r4"));
        Assert.Equal(0x1111UL, m.Cpu.Gpr[10]);
        Assert.Equal(0x2222UL, m.Cpu.Gpr[11]);
        m.Cpu.Gpr[10] = 0x33;
        Assert.True(m.Run("stqcx. r10,0,r4"));
        Assert.Equal(2u, m.Cr0);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x33, 0, 0, 0, 0, 0, 0, 0x22, 0x22 }, m.Peek(Data + 0x10, 16));
    }

    [Fact]
    public void ReservationsAreBigEndian()
    {
        var m = new LoadStoreMachine(littleEndian: false);
        m.Poke(Data, 0x11, 0x22, 0x33, 0x44);
        m.Cpu.Gpr[4] = Data;
        Assert.True(m.Run("lwarx r3,0,r4"));
        Assert.Equal(0x1122_3344UL, m.Cpu.Gpr[3]);
        m.Cpu.Gpr[3] = 0xa1b2_c3d4;
        Assert.True(m.Run("stwcx. r3,0,r4"));
        Assert.Equal(2u, m.Cr0);
        Assert.Equal(new byte[] { 0xa1, 0xb2, 0xc3, 0xd4 }, m.Peek(Data, 4));
    }
}
