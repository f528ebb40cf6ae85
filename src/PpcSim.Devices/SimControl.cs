using System.Text;

namespace PpcSim.Devices;

/// <summary>
/// PpcSim's simulator-control device (not present on QEMU; the kernel learns the platform from
/// its boot configuration block). Registers (64-bit, little-endian):
///   0x00 MAGIC     reads 0x5050_4353_494d_0001 ("PPCSIM", version 1)
///   0x08 POWEROFF  write: stop the machine with exit status = value &amp; 0xff
///   0x10 MARKER    write: record a trace marker (value) in the timeline
///   0x18 MARKARG   write: argument attached to the next marker
///   0x20 PUTC      write: a byte on the simulator's own log (not the console)
/// </summary>
public sealed class SimControl : IMmioDevice
{
    public const ulong DefaultAddress = 0x0006_0100_0000_0000UL;
    public const ulong Magic = 0x5050_4353_494d_0001UL;
    private readonly StringBuilder _log = new();
    private ulong _markArg;

    public SimControl(ulong baseAddress = DefaultAddress) => Base = baseAddress;

    public string Name => "simcontrol";
    public ulong Base { get; }
    public ulong Size => 0x100;

    /// <summary>Set when the guest powers off; the machine stops at the next boundary.</summary>
    public int? ExitStatus { get; private set; }

    /// <summary>Called for each marker: (marker id, argument).</summary>
    public Action<ulong, ulong>? MarkerHook { get; set; }

    public string Log => _log.ToString();

    public ulong Read(ulong offset, int size) => offset == 0 ? Magic : 0;

    public void Write(ulong offset, int size, ulong value)
    {
        switch (offset)
        {
            case 0x08: ExitStatus = (int)(value & 0xff); break;
            case 0x10: MarkerHook?.Invoke(value, _markArg); _markArg = 0; break;
            case 0x18: _markArg = value; break;
            case 0x20: _log.Append((char)(byte)value); break;
        }
    }
}
