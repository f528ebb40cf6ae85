using PpcSim.Core;
using static PpcSim.Core.Tests.LoadStoreMachine;

namespace PpcSim.Core.Tests;

/// <summary>Load and reserve / store conditional (Book II 4.4.2): CR0 = 0b00 || stored || XER[SO].</summary>
public class ReservationTests
{
    private const uint Eq = 2, SoBit = 1;

    [Theory]
    [InlineData("lbarx", "stbcx.", 1)]
    [InlineData("lharx", "sthcx.", 2)]
    [InlineData("lwarx", "stwcx.", 4)]
    [InlineData("ldarx", "stdcx.", 8)]
    public void ReserveThenStoreConditionalSucceedsOnce(string larx, string stcx, int size)
    {
        var m = new LoadStoreMachine();
        m.PokeLe64(Data + 0x40, 0x8877_6655_4433_2211UL);
        m.Cpu.Gpr[4] = Data;
        m.Cpu.Gpr[5] = 0x40;
        Assert.True(m.Run($"{larx} r3,r4,r5"));
        ulong mask = size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;
        Assert.Equal(0x8877_6655_4433_2211UL & mask, m.Cpu.Gpr[3]);

        m.Cpu.Gpr[6] = 0xa1a2_a3a4_a5a6_a7a8UL;
        m.Cpu.Cr = 0xf000_0000;
        Assert.True(m.Run($"{stcx} r6,r4,r5"));
        Assert.Equal(Eq, m.Cr0);
        Assert.Equal((0xa1a2_a3a4_a5a6_a7a8UL & mask) | (0x8877_6655_4433_2211UL & ~mask), m.PeekLe64(Data + 0x40));

        // The reservation is gone: the second store-conditional fails and stores nothing.
        m.Cpu.Gpr[6] = 0;
        Assert.True(m.Run($"{stcx} r6,r4,r5"));
        Assert.Equal(0u, m.Cr0);
        Assert.Equal((0xa1a2_a3a4_a5a6_a7a8UL & mask) | (0x8877_6655_4433_2211UL & ~mask), m.PeekLe64(Data + 0x40));
    }

    [Fact]
    public void StoreConditionalCopiesSummaryOverflow()
    {
        var m = new LoadStoreMachine();
        m.Cpu.Gpr[4] = Data;
        m.Cpu.So = true;
        Assert.True(m.Run("stwcx. r3,0,r4"));
        Assert.Equal(SoBit, m.Cr0);
        Assert.True(m.Run("lwarx r3,0,r4"));
        Assert.True(m.Run("stwcx. r3,0,r4"));
        Assert.Equal(Eq | SoBit, m.Cr0);
    }

    [Fact]
    public void StoreConditionalToAnotherGranuleFails()
    {
        var m = new LoadStoreMachine();
        m.Cpu.Gpr[4] = Data;
        m.Cpu.Gpr[5] = Data + 0x80;
        m.Cpu.Gpr[3] = 0x55;
        Assert.True(m.Run("lwarx r6,0,r4"));
        Assert.True(m.Run("stwcx. r3,0,r5"));
        Assert.Equal(0u, m.Cr0);
        Assert.Equal(0UL, m.PeekLe64(Data + 0x80));
    }

    [Theory]
    [InlineData("lharx r3,0,r4", 1)]
    [InlineData("lwarx r3,0,r4", 2)]
    [InlineData("ldarx r3,0,r4", 4)]
    [InlineData("lqarx r10,0,r4", 8)]
    [InlineData("sthcx. r3,0,r4", 1)]
    [InlineData("stwcx. r3,0,r4", 2)]
    [InlineData("stdcx. r3,0,r4", 4)]
    [InlineData("stqcx. r10,0,r4", 8)]
    public void MisalignedReservationsTakeTheAlignmentInterrupt(string asm, int offset)
    {
        var m = new LoadStoreMachine();
        m.Cpu.Gpr[4] = Data + (ulong)offset;
        m.Cpu.Gpr[3] = 0x3333;
        m.Cpu.Cr = 0x1234_5678;
        Assert.False(m.Run(asm));
        Assert.Equal(Interrupt.Alignment, m.Cpu.Pending);
        Assert.Equal(Data + (ulong)offset, m.Cpu.PendingDar);
        Assert.Equal(0x3333UL, m.Cpu.Gpr[3]);
        Assert.Equal(0x1234_5678u, m.Cpu.Cr);
    }

    [Fact]
    public void LoadReserveFaultLeavesTargetUnchanged()
    {
        var m = new LoadStoreMachine();
        m.Cpu.Gpr[4] = Unmapped;
        m.Cpu.Gpr[3] = 0x3333;
        Assert.False(m.Run("ldarx r3,0,r4"));
        Assert.Equal(Interrupt.DataStorage, m.Cpu.Pending);
        Assert.Equal(0x3333UL, m.Cpu.Gpr[3]);
        Assert.False(m.Port.HasReservation);
    }

    [Fact]
    public void QuadwordReservationUsesTheRegisterPair()
    {
        var m = new LoadStoreMachine();
        m.PokeLe64(Data + 0x10, 0x1111);
        m.PokeLe64(Data + 0x18, 0x2222);
        m.Cpu.Gpr[4] = Data + 0x10;
        Assert.True(m.Run("lqarx r10,0,r4"));
        Assert.Equal(0x2222UL, m.Cpu.Gpr[10]);
        Assert.Equal(0x1111UL, m.Cpu.Gpr[11]);
        m.Cpu.Gpr[10] = 0xaa;
        m.Cpu.Gpr[11] = 0xbb;
        Assert.True(m.Run("stqcx. r10,0,r4"));
        Assert.Equal(Eq, m.Cr0);
        Assert.Equal(0xbbUL, m.PeekLe64(Data + 0x10));
        Assert.Equal(0xaaUL, m.PeekLe64(Data + 0x18));
    }

    [Fact]
    public void EhHintAssemblesAndDisassembles()
    {
        uint w = Isa.Assembler.Assemble("lwarx r3,0,r4,1");
        Assert.Equal(1u, w & 1);
        Assert.Equal("lwarx   r3,0,r4,1", Isa.Disassembler.Disassemble(w, 0));
    }
}
