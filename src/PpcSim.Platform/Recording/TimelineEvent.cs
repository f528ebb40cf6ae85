using PpcSim.Core;

namespace PpcSim.Platform.Recording;

/// <summary>
/// One entry of the simulator's own record. Which fields are meaningful depends on
/// <see cref="Kind"/>; the rest stay at their defaults. <see cref="Core"/> is -1 for device events.
/// </summary>
public sealed class TimelineEvent
{
    public required TimelineEventKind Kind { get; init; }
    public required ulong Cycle { get; init; }
    public required int Core { get; init; }
    /// <summary>Interrupt: the interrupted pc (SRR0/HSRR0). Return: the landing pc. Doorbell: the msgsnd. Symbol/store: the instruction.</summary>
    public ulong Pc { get; init; }
    /// <summary>Interrupt: MSR before it was taken. Return: MSR after. Store: MSR at the store.</summary>
    public ulong Msr { get; init; }
    /// <summary>Interrupt: what was taken (its vector is the enum value).</summary>
    public Interrupt Interrupt { get; init; }
    /// <summary>Return: the new MSR has PR=1 (entered problem state).</summary>
    public bool ToUser => Kind == TimelineEventKind.Return && (Msr & PpcSim.Core.Msr.PR) != 0;
    /// <summary>Doorbell: hypervisor (msgsnd) or privileged (msgsndp).</summary>
    public DoorbellKind Doorbell { get; init; }
    public uint TargetPir { get; init; }
    public int TargetCore { get; init; } = -1;
    public ulong DeliveryCycle { get; init; }
    /// <summary>Block DMA: true for a disk write (memory read).</summary>
    public bool DiskWrite { get; init; }
    public ulong Sector { get; init; }
    /// <summary>Store and DMA: the real address.</summary>
    public ulong PhysicalAddress { get; init; }
    public ulong EffectiveAddress { get; init; }
    public uint Length { get; init; }
    public string? Symbol { get; init; }
    /// <summary>Store: the instruction word.</summary>
    public uint Word { get; init; }
    /// <summary>Store: the value written, little-endian as it lands in memory (Length bytes).</summary>
    public ulong Value { get; init; }
    /// <summary>Store: the source register as objdump names it (vs0, f1, v2, r3), or null when none could be told.</summary>
    public string? Register { get; init; }
    /// <summary>Store from a VSR/FPR/VR: its VSR number (FPR n = VSR n, VR n = VSR 32+n), else -1.</summary>
    public int Vsr { get; init; } = -1;
    /// <summary>Store from a GPR: its number, else -1.</summary>
    public int Gpr { get; init; } = -1;
    /// <summary>Store whose source register was filled by a load: the real address that load read (a copy's source).</summary>
    public ulong? SourcePhysicalAddress { get; init; }
    /// <summary>Store: the source register's contents at the store (doubleword 0, doubleword 1; a GPR in Dw0).</summary>
    public Vec128 RegisterValue { get; init; }
    /// <summary>
    /// Store: per thread (index = core), the cycle on that thread's clock from which it can read
    /// the stored bytes - the store's own cycle for its writer and wherever it was visible at once
    /// (a private page, the SC model). Null when the storage model cannot tell (a stcx. that went
    /// coherence-before a newer store).
    /// </summary>
    public ulong[]? VisibleAt { get; init; }
    /// <summary>Store with provenance on: the instruction that last wrote the source register (VSR or GPR).</summary>
    public RegisterWriter? Writer { get; init; }

    public string Instruction => Isa.Disassembler.Disassemble(Word, Pc);
}
