using PpcSim.Isa;
using PpcSim.Memory;

namespace PpcSim.Core.Tests;

/// <summary>MSR[VEC]=0 and MSR[VSX]=0 make VMX / VSX instructions raise their unavailable interrupts (Book III 7.5.15-16).</summary>
public class VectorAvailabilityTests
{
    private static Cpu CpuWith(string asm, ulong msr)
    {
        var mem = new PagedMemory();
        mem.Map(0x10000, 0x1000, PageProtection.ReadWrite | PageProtection.Execute);
        mem.WriteBytes(0x10000, BitConverter.GetBytes(Assembler.Assemble(asm)));
        var cpu = new Cpu(mem) { Pc = 0x10000, Msr = msr };
        cpu.Vr(1) = new Vec128(1, 2);
        cpu.Vr(2) = new Vec128(3, 4);
        return cpu;
    }

    [Theory]
    [InlineData("vaddubm v3,v1,v2")]
    [InlineData("vcmpequb. v3,v1,v2")]
    [InlineData("lvx     v3,0,r1")]
    [InlineData("mfvscr  v3")]
    public void VmxNeedsMsrVec(string asm)
    {
        var cpu = CpuWith(asm, Msr.UserLe & ~Msr.VEC);
        Assert.False(cpu.Step());
        Assert.Equal(Interrupt.VmxUnavailable, cpu.Pending);
        Assert.Equal(0x10000UL, cpu.Pc);
        Assert.Equal(default, cpu.Vr(3));
    }

    [Theory]
    [InlineData("xxlor   vs35,vs33,vs34")]
    [InlineData("xxspltib vs3,7")]
    [InlineData("lxvx    vs3,0,r1")]
    public void VsxNeedsMsrVsx(string asm)
    {
        var cpu = CpuWith(asm, Msr.UserLe & ~Msr.VSX);
        Assert.False(cpu.Step());
        Assert.Equal(Interrupt.VsxUnavailable, cpu.Pending);
        Assert.Equal(default, cpu.Vsr[3]);
        Assert.Equal(default, cpu.Vr(3));
    }

    [Fact]
    public void EnabledVmxRuns()
    {
        var cpu = CpuWith("vadduwm v3,v1,v2", Msr.UserLe);
        Assert.True(cpu.Step());
        Assert.Equal(new Vec128(4, 6), cpu.Vr(3));
    }
}
