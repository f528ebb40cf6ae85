using PpcSim.Core;
using PpcSim.Isa;
using static PpcSim.Core.Tests.LoadStoreMachine;

namespace PpcSim.Core.Tests;

/// <summary>Fixed-point loads and stores (Power ISA 3.0B Book I 3.3) on one little-endian thread.</summary>
public class LoadStoreTests
{
    private static LoadStoreMachine WithPattern()
    {
        var m = new LoadStoreMachine();
        // Bytes 0x80 0x81 ... at Data, so sign and byte order both show.
        var b = new byte[64];
        for (int i = 0; i < b.Length; i++) b[i] = (byte)(0x80 + i);
        m.Poke(Data, b);
        m.Cpu.Gpr[4] = Data;
        return m;
    }

    [Theory]
    [InlineData("lbz r3,1(r4)", 0x81UL)]
    [InlineData("lhz r3,2(r4)", 0x8382UL)]
    [InlineData("lha r3,2(r4)", 0xffff_ffff_ffff_8382UL)]
    [InlineData("lwz r3,4(r4)", 0x8786_8584UL)]
    [InlineData("lwa r3,4(r4)", 0xffff_ffff_8786_8584UL)]
    [InlineData("ld r3,8(r4)", 0x8f8e_8d8c_8b8a_8988UL)]
    [InlineData("lhbrx r3,r4,r5", 0x8485UL)]
    [InlineData("lwbrx r3,r4,r5", 0x8485_8687UL)]
    [InlineData("ldbrx r3,r4,r5", 0x8485_8687_8889_8a8bUL)]
    [InlineData("lbzx r3,r4,r5", 0x84UL)]
    [InlineData("lhax r3,r4,r5", 0xffff_ffff_ffff_8584UL)]
    [InlineData("lwax r3,r4,r5", 0xffff_ffff_8786_8584UL)]
    [InlineData("ldx r3,r4,r5", 0x8b8a_8988_8786_8584UL)]
    public void LoadsZeroOrSignExtendLittleEndianValues(string asm, ulong expected)
    {
        var m = WithPattern();
        m.Cpu.Gpr[5] = 4;
        m.Cpu.Gpr[3] = 0x5555;
        Assert.True(m.Run(asm));
        Assert.Equal(expected, m.Cpu.Gpr[3]);
    }

    [Fact]
    public void RaZeroMeansLiteralZero()
    {
        var m = WithPattern();
        m.Cpu.Gpr[0] = 0x1234_0000; // must not be used as a base
        m.Cpu.Gpr[5] = Data + 1;
        Assert.True(m.Run("lbzx r3,0,r5"));
        Assert.Equal(0x81UL, m.Cpu.Gpr[3]);
    }

    [Theory]
    [InlineData("lbzu r3,1(r4)", 1, 0x81UL)]
    [InlineData("lhzu r3,2(r4)", 2, 0x8382UL)]
    [InlineData("lhau r3,2(r4)", 2, 0xffff_ffff_ffff_8382UL)]
    [InlineData("lwzu r3,4(r4)", 4, 0x8786_8584UL)]
    [InlineData("ldu r3,8(r4)", 8, 0x8f8e_8d8c_8b8a_8988UL)]
    [InlineData("lbzux r3,r4,r5", 16, 0x90UL)]
    [InlineData("lhzux r3,r4,r5", 16, 0x9190UL)]
    [InlineData("lhaux r3,r4,r5", 16, 0xffff_ffff_ffff_9190UL)]
    [InlineData("lwzux r3,r4,r5", 16, 0x9392_9190UL)]
    [InlineData("lwaux r3,r4,r5", 16, 0xffff_ffff_9392_9190UL)]
    [InlineData("ldux r3,r4,r5", 16, 0x9796_9594_9392_9190UL)]
    public void UpdateLoadsWriteTheEffectiveAddressToRa(string asm, int offset, ulong expected)
    {
        var m = WithPattern();
        m.Cpu.Gpr[5] = 16;
        Assert.True(m.Run(asm));
        Assert.Equal(expected, m.Cpu.Gpr[3]);
        Assert.Equal(Data + (ulong)offset, m.Cpu.Gpr[4]);
    }

    [Theory]
    [InlineData("stb r3,1(r4)", 1, 1)]
    [InlineData("sth r3,2(r4)", 2, 2)]
    [InlineData("stw r3,4(r4)", 4, 4)]
    [InlineData("std r3,8(r4)", 8, 8)]
    [InlineData("stbx r3,r4,r5", 24, 1)]
    [InlineData("sthx r3,r4,r5", 24, 2)]
    [InlineData("stwx r3,r4,r5", 24, 4)]
    [InlineData("stdx r3,r4,r5", 24, 8)]
    public void StoresWriteTheLowBytesLittleEndian(string asm, int offset, int size)
    {
        var m = WithPattern();
        m.Cpu.Gpr[3] = 0x1122_3344_5566_7788UL;
        m.Cpu.Gpr[5] = 24;
        Assert.True(m.Run(asm));
        var b = m.Peek(Data + (ulong)offset - 1, size + 2);
        Assert.Equal((byte)(0x80 + offset - 1), b[0]);
        for (int i = 0; i < size; i++) Assert.Equal((byte)(0x88 - 0x11 * i), b[1 + i]);
        Assert.Equal((byte)(0x80 + offset + size), b[size + 1]);
    }

    [Theory]
    [InlineData("stbu r3,-1(r4)", -1, 1)]
    [InlineData("sthu r3,-2(r4)", -2, 2)]
    [InlineData("stwu r3,-4(r4)", -4, 4)]
    [InlineData("stdu r3,-8(r4)", -8, 8)]
    [InlineData("stbux r3,r4,r5", 32, 1)]
    [InlineData("sthux r3,r4,r5", 32, 2)]
    [InlineData("stwux r3,r4,r5", 32, 4)]
    [InlineData("stdux r3,r4,r5", 32, 8)]
    public void UpdateStoresWriteTheEffectiveAddressToRa(string asm, int offset, int size)
    {
        var m = WithPattern();
        m.Cpu.Gpr[4] = Data + 64;
        m.Cpu.Gpr[5] = 32;
        m.Cpu.Gpr[3] = 0x0102_0304_0506_0708UL;
        Assert.True(m.Run(asm));
        ulong ea = Data + 64 + (ulong)(long)offset;
        Assert.Equal(ea, m.Cpu.Gpr[4]);
        Assert.Equal((byte)0x08, m.Peek(ea, 1)[0]);
        Assert.Equal((byte)(0x09 - size), m.Peek(ea + (ulong)size - 1, 1)[0]);
    }

    [Fact]
    public void StwuOfTheStackPointerStoresItsOldValue()
    {
        var m = new LoadStoreMachine();
        m.Cpu.Gpr[1] = Data + 0x100;
        Assert.True(m.Run("stdu r1,-32(r1)"));
        Assert.Equal(Data + 0xe0, m.Cpu.Gpr[1]);
        Assert.Equal(Data + 0x100, m.PeekLe64(Data + 0xe0));
    }

    [Theory]
    [InlineData("sthbrx r3,0,r4", new byte[] { 0x77, 0x88 })]
    [InlineData("stwbrx r3,0,r4", new byte[] { 0x55, 0x66, 0x77, 0x88 })]
    [InlineData("stdbrx r3,0,r4", new byte[] { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 })]
    public void ByteReversedStoresWriteBigEndianBytes(string asm, byte[] expected)
    {
        var m = WithPattern();
        m.Cpu.Gpr[3] = 0x1122_3344_5566_7788UL;
        Assert.True(m.Run(asm));
        Assert.Equal(expected, m.Peek(Data, expected.Length));
    }

    [Fact]
    public void MisalignedAccessesCrossingAPageSeeBothPages()
    {
        var m = new LoadStoreMachine();
        ulong ea = Data + 0xffd; // 3 bytes in the first page, 5 in the second
        m.Poke(ea, 1, 2, 3, 4, 5, 6, 7, 8);
        m.Cpu.Gpr[4] = ea;
        Assert.True(m.Run("ld r3,0(r4)"));
        Assert.Equal(0x0807_0605_0403_0201UL, m.Cpu.Gpr[3]);
        Assert.True(m.Run("lwz r3,2(r4)"));
        Assert.Equal(0x0605_0403UL, m.Cpu.Gpr[3]);
        m.Cpu.Gpr[3] = 0xa1a2_a3a4_a5a6_a7a8UL;
        Assert.True(m.Run("std r3,0(r4)"));
        Assert.Equal(new byte[] { 0xa8, 0xa7, 0xa6, 0xa5, 0xa4, 0xa3, 0xa2, 0xa1 }, m.Peek(ea, 8));
    }

    [Fact]
    public void LoadFaultLeavesTargetAndBaseUnchanged()
    {
        var m = new LoadStoreMachine();
        ulong ea = ReadOnly + 0xffc; // crosses into the unmapped page
        m.Cpu.Gpr[3] = 0x3333;
        m.Cpu.Gpr[4] = ea - 8;
        Assert.False(m.Run("ldu r3,8(r4)"));
        Assert.Equal(Interrupt.DataStorage, m.Cpu.Pending);
        Assert.Equal(Code, m.Cpu.Pc);
        Assert.Equal(0x3333UL, m.Cpu.Gpr[3]);
        Assert.Equal(ea - 8, m.Cpu.Gpr[4]);
        Assert.Equal(0UL, m.Cpu.PendingSrr1 & Cpu.DsisrStore);
        // DAR: the access's effective address.
        Assert.Equal(ea, m.Cpu.PendingDar);
    }

    [Fact]
    public void StoreFaultsWriteNothingAndReportAStore()
    {
        var m = new LoadStoreMachine();
        m.Cpu.Gpr[3] = ulong.MaxValue;
        m.Cpu.Gpr[4] = ReadOnly - 4;
        Assert.False(m.Run("stdu r3,0(r4)")); // 4 writable bytes, then the read-only page
        Assert.Equal(Interrupt.DataStorage, m.Cpu.Pending);
        Assert.NotEqual(0UL, m.Cpu.PendingSrr1 & Cpu.DsisrStore);
        Assert.Equal(new byte[4], m.Peek(ReadOnly - 4, 4));
        Assert.Equal(ReadOnly - 4, m.Cpu.Gpr[4]);

        m.Cpu.Gpr[4] = Unmapped + 0x10;
        Assert.False(m.Run("stw r3,0(r4)"));
        Assert.Equal(Interrupt.DataStorage, m.Cpu.Pending);
        Assert.Equal(Unmapped + 0x10, m.Cpu.PendingDar);
    }

    [Theory]
    [InlineData(0x8c630008u)] // lbzu r3,8(r3): RA=RT
    [InlineData(0x8c600008u)] // lbzu r3,8(0): RA=0
    [InlineData(0x94000000u)] // stwu r0,0(0): RA=0
    [InlineData(0x7c63286eu)] // lwzux r3,r3,r5
    [InlineData(0xb8640000u)] // lmw r3,0(r4): RA in the loaded range
    [InlineData(0xe0840010u)] // lq r4,16(r4): RTp=RA
    [InlineData(0xe0600010u)] // lq r3: odd RTp
    public void InvalidFormsAreIllegalInstructions(uint word)
    {
        Assert.Equal(Op.Invalid, Decoder.Instance.Decode(word));
        var m = new LoadStoreMachine();
        Assert.False(m.RunWord(word));
        Assert.Equal(Interrupt.Program, m.Cpu.Pending);
        Assert.Equal((ulong)ProgramReason.IllegalInstruction, m.Cpu.PendingSrr1);
    }

    [Fact]
    public void LqAndStqPutTheHighDoublewordInTheEvenRegister()
    {
        // Little-endian: RTp is the doubleword at EA+8 (as on POWER9 and in QEMU).
        var m = new LoadStoreMachine();
        m.PokeLe64(Data + 0x10, 0x1111);
        m.PokeLe64(Data + 0x18, 0x2222);
        m.Cpu.Gpr[9] = Data;
        Assert.True(m.Run("lq r28,16(r9)"));
        Assert.Equal(0x2222UL, m.Cpu.Gpr[28]);
        Assert.Equal(0x1111UL, m.Cpu.Gpr[29]);
        m.Cpu.Gpr[28] = 0x77;
        m.Cpu.Gpr[29] = 0x88;
        Assert.True(m.Run("stq r28,32(r9)"));
        Assert.Equal(0x88UL, m.PeekLe64(Data + 0x20));
        Assert.Equal(0x77UL, m.PeekLe64(Data + 0x28));
    }

    [Fact]
    public void DcbzZeroesTheWhole128ByteBlock()
    {
        var m = new LoadStoreMachine();
        var ones = Enumerable.Repeat((byte)0xff, 0x200).ToArray();
        m.Poke(Data, ones);
        m.Cpu.Gpr[4] = Data + 0x80;
        m.Cpu.Gpr[5] = 0x45;
        Assert.True(m.Run("dcbz r4,r5"));
        var b = m.Peek(Data, 0x200);
        for (int i = 0; i < 0x200; i++) Assert.Equal(i is >= 0x80 and < 0x100 ? 0 : 0xff, b[i]);
        m.Cpu.Gpr[4] = ReadOnly;
        Assert.False(m.Run("dcbz r4,r5"));
        Assert.Equal(ReadOnly + 0x45, m.Cpu.PendingDar);
    }

    [Fact]
    public void CacheHintsNeverFault()
    {
        var m = new LoadStoreMachine();
        m.Cpu.Gpr[4] = Unmapped;
        foreach (var asm in new[] { "dcbt r4,r5", "dcbtst r4,r5", "dcbtt r4,r5", "icbt 0,r4,r5", "dcbst r4,r5", "dcbf r4,r5", "dcbfl r4,r5", "icbi r4,r5" })
            Assert.True(m.Run(asm), asm);
    }

    [Theory]
    [InlineData("hwsync", BarrierKind.Sync)]
    [InlineData("sync", BarrierKind.Sync)]
    [InlineData("lwsync", BarrierKind.Lwsync)]
    [InlineData("ptesync", BarrierKind.Ptesync)]
    [InlineData("eieio", BarrierKind.Eieio)]
    [InlineData("isync", BarrierKind.Isync)]
    public void BarriersReachTheMemoryPort(string asm, BarrierKind kind)
    {
        var m = new LoadStoreMachine();
        Assert.True(m.Run(asm));
        Assert.Equal([kind], m.Port.Barriers);
        Assert.Equal(kind, IsaTable.Get(Decoder.Instance.Decode(Assembler.Assemble(asm))).Barrier);
    }

    [Theory]
    [InlineData("lmw r30,0(r9)")]
    [InlineData("stmw r30,0(r9)")]
    [InlineData("lswi r30,r9,7")]
    [InlineData("stswi r30,r9,7")]
    [InlineData("lswx r30,r9,r8")]
    [InlineData("stswx r30,r9,r8")]
    public void MultipleAndStringTakeTheAlignmentInterruptInLittleEndian(string asm)
    {
        var m = new LoadStoreMachine();
        m.Cpu.Gpr[9] = Data;
        m.Cpu.Gpr[8] = 8;
        m.Cpu.Gpr[30] = 0x3030;
        Assert.False(m.Run(asm));
        Assert.Equal(Interrupt.Alignment, m.Cpu.Pending);
        Assert.Equal(Data + (asm.Contains('x') ? 8UL : 0UL), m.Cpu.PendingDar);
        Assert.Equal(0x3030UL, m.Cpu.Gpr[30]);
    }
}
