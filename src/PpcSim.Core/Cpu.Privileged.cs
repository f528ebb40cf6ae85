namespace PpcSim.Core;

/// <summary>Book III (privileged) state: the SPRs a PowerNV kernel uses, and asynchronous exception conditions.</summary>
public sealed partial class Cpu
{
    /// <summary>POWER9 DD2.2 processor version.</summary>
    public const uint Power9Pvr = 0x004E_1202;

    public ulong Srr0, Srr1, Hsrr0, Hsrr1;
    public ulong Sprg0, Sprg1, Sprg2, Sprg3, Hsprg0, Hsprg1;
    public ulong Dar, Dsisr, Hdar, Hdsisr, Asdr, Cfar, Heir;
    public ulong Lpcr, Lpidr, Ptcr, Pidr, Hid0, Hfscr, Fscr = 0x0000_0000_0000_0000, Psscr, Amr, Iamr, Uamor, Amor, Pcr, Ctrl = 1;
    public uint Pir;
    public uint Pvr = Power9Pvr;

    /// <summary>The machine this thread belongs to; null in user-mode runs.</summary>
    public ISystemBus? Bus { get; set; }

    // ---- decrementers: kept as a target timebase value, so reading and writing are O(1) ----
    private ulong _decBaseTb;
    private long _decAtBase = 0x7fff_ffff;
    private ulong _hdecBaseTb;
    private long _hdecAtBase = 0x7fff_ffff;

    /// <summary>DEC as software reads it (32-bit, counting down at the timebase rate).</summary>
    public uint Dec
    {
        get => (uint)(_decAtBase - (long)(ReadTimebase() - _decBaseTb));
        set
        {
            _decBaseTb = ReadTimebase();
            _decAtBase = (int)value;
            RequestAsyncCheck();
        }
    }

    public uint Hdec
    {
        get => (uint)(_hdecAtBase - (long)(ReadTimebase() - _hdecBaseTb));
        set
        {
            _hdecBaseTb = ReadTimebase();
            _hdecAtBase = (int)value;
            RequestAsyncCheck();
        }
    }

    /// <summary>Timebase value at which DEC's sign bit becomes 1 (for the machine's event queue).</summary>
    public ulong DecrementerExpiryTb => _decAtBase < 0 ? _decBaseTb : _decBaseTb + (ulong)_decAtBase + 1;

    /// <summary>Decrementer exception: level-sensitive on POWER9 (exists while DEC[0] = 1).</summary>
    public bool DecrementerException => (int)Dec < 0;

    /// <summary>Hypervisor decrementer exception (only when LPCR[HDICE] is set).</summary>
    public bool HdecException => (Lpcr & Lpcr_HDICE) != 0 && (int)Hdec < 0;

    /// <summary>Hypervisor doorbell exception: set by msgsnd, cleared by msgclr or when taken.</summary>
    public bool HypervisorDoorbell { get; set; }

    /// <summary>DPDES bit for this thread: directed privileged doorbell (msgsndp/msgclrp).</summary>
    public bool PrivilegedDoorbell { get; set; }

    /// <summary>External interrupt line from the interrupt controller (level).</summary>
    public bool ExternalLevel { get; set; }

    /// <summary>Set while the thread idles in stop; cleared by the first interrupt condition.</summary>
    public bool Stopped { get; set; }

    // LPCR bits (ISA 3.0 Book III 2.2), as masks.
    public const ulong Lpcr_ILE = 1UL << 25;        // LPCR[38] interrupt little-endian (non-HV interrupts)
    public const ulong Lpcr_AIL_Shift = 23;          // LPCR[39:40] alternate interrupt location
    public const ulong Lpcr_HDICE = 1UL;             // LPCR[63] hypervisor decrementer interrupt enable
    public const ulong Lpcr_LPES = 1UL << 3;         // LPCR[60] external interrupts to the OS (0 = to the hypervisor)
    public const ulong Lpcr_PECE_Mask = 0x1FUL << 12; // LPCR[47:51] power-saving exit conditions
    // HID0[4]: POWER9 hypervisor interrupt little-endian.
    public const ulong Hid0_Power9_HILE = 1UL << 59;
}
