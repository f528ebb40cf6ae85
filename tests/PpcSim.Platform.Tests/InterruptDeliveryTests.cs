using PpcSim.Core;
using PpcSim.Memory;

namespace PpcSim.Platform.Tests;

/// <summary>Interrupt delivery per ISA 3.0B Book III chapter 7, as a PowerNV kernel (MSR[HV]=1) sees it.</summary>
public class InterruptDeliveryTests
{
    private const ulong KernelMsr = Msr.SF | Msr.HV | Msr.ME | Msr.RI | Msr.LE;

    private static Cpu NewCpu()
    {
        var mem = new PagedMemory();
        mem.Map(0, 0x10000, PageProtection.All);
        var c = new Cpu(mem);
        c.SetMsr(KernelMsr);
        c.Lpcr = Cpu.Lpcr_ILE;
        c.Hid0 = Cpu.Hid0_Power9_HILE;
        return c;
    }

    [Fact]
    public void DataStorageFromUserSavesSrrAndEntersKernel()
    {
        var c = NewCpu();
        c.SetMsr(Msr.UserLe | Msr.HV);
        c.Pc = 0x1234;
        c.Raise(Interrupt.DataStorage, Cpu.DsisrNotFound | Cpu.DsisrStore, dar: 0xdead0000);
        c.DeliverPending();
        Assert.Equal(0x300UL, c.Pc);
        Assert.Equal(0x1234UL, c.Srr0);
        Assert.Equal(0xdead0000UL, c.Dar);
        Assert.Equal(Cpu.DsisrNotFound | Cpu.DsisrStore, c.Dsisr);
        // SRR1 keeps the user MSR (PR, EE, IR, DR, FP, VEC, VSX, LE...).
        Assert.Equal((Msr.UserLe | Msr.HV) & ~Cpu.Srr1InfoMask, c.Srr1);
        // New MSR: PR, EE, IR, DR, FP, VEC, VSX cleared; SF, HV kept; LE from LPCR[ILE].
        Assert.Equal(Msr.SF | Msr.HV | Msr.LE, c.Msr & ~Msr.ME);
        Assert.Equal(Interrupt.None, c.Pending);
    }

    [Fact]
    public void ProgramInterruptCarriesReasonInSrr1()
    {
        var c = NewCpu();
        c.Pc = 0x2000;
        c.RaiseProgram(ProgramReason.PrivilegedInstruction);
        c.DeliverPending();
        Assert.Equal(0x700UL, c.Pc);
        Assert.Equal(0x2000UL, c.Srr0);
        Assert.Equal((ulong)ProgramReason.PrivilegedInstruction, c.Srr1 & Cpu.Srr1InfoMask);
    }

    [Fact]
    public void HypervisorDoorbellUsesHsrrAndHile()
    {
        var c = NewCpu();
        c.Hid0 = 0; // hypervisor interrupts big-endian
        c.SetMsr(KernelMsr | Msr.EE);
        c.Pc = 0x3000;
        c.HypervisorDoorbell = true;
        c.RequestAsyncCheck();
        Assert.True(c.CheckAsyncInterrupts());
        c.DeliverPending();
        Assert.Equal(0xE80UL, c.Pc);
        Assert.Equal(0x3000UL, c.Hsrr0);
        Assert.Equal(0UL, c.Msr & Msr.LE);
        Assert.False(c.HypervisorDoorbell);
    }

    [Fact]
    public void AsynchronousInterruptsWaitForEe()
    {
        var c = NewCpu();
        c.Pc = 0x4000;
        c.Dec = 0xffff_ff00; // negative: decrementer exception exists
        Assert.True(c.DecrementerException);
        Assert.False(c.CheckAsyncInterrupts());
        c.SetMsr(c.Msr | Msr.EE);
        Assert.True(c.CheckAsyncInterrupts());
        Assert.Equal(Interrupt.Decrementer, c.Pending);
        c.DeliverPending();
        Assert.Equal(0x900UL, c.Pc);
        Assert.Equal(0x4000UL, c.Srr0);
        Assert.Equal(0UL, c.Msr & Msr.EE);
    }

    [Fact]
    public void SystemCallFromUserResumesAfterSc()
    {
        var c = NewCpu();
        c.SetMsr(Msr.UserLe | Msr.HV);
        c.Pc = 0x5004; // Run leaves Pc past the sc when it raises
        c.Raise(Interrupt.SystemCall);
        c.DeliverPending();
        Assert.Equal(0xC00UL, c.Pc);
        Assert.Equal(0x5004UL, c.Srr0);
        Assert.Equal(0UL, c.Msr & Msr.PR);
    }

    [Fact]
    public void AlternateInterruptLocationWithRelocationOn()
    {
        var c = NewCpu();
        c.Lpcr |= 3UL << (int)Cpu.Lpcr_AIL_Shift;
        c.SetMsr(KernelMsr | Msr.IR | Msr.DR);
        c.Pc = 0x6000;
        c.Raise(Interrupt.DataStorage, Cpu.DsisrNotFound, dar: 0x10);
        c.DeliverPending();
        Assert.Equal(0xC000_0000_0000_4300UL, c.Pc);
        Assert.Equal(Msr.IR | Msr.DR, c.Msr & (Msr.IR | Msr.DR));
    }

    [Fact]
    public void UnmappedLoadIsADsiNotAHostException()
    {
        var mem = new PagedMemory();
        var c = new Cpu(mem);
        Assert.False(c.Load64(0x9999_0000, out _));
        Assert.Equal(Interrupt.DataStorage, c.Pending);
        Assert.Equal(0x9999_0000UL, c.PendingDar);
        Assert.Equal(Cpu.DsisrNotFound, c.PendingSrr1);
    }
}
