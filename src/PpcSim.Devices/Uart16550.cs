namespace PpcSim.Devices;

/// <summary>
/// A 16550-compatible UART where QEMU's powernv9 has its LPC serial port (COM1 at I/O 0x3f8 in
/// chip 0's LPC window: real address 0x00060300d00103f8), so one kernel image prints on both.
/// Byte-wide registers; transmit is immediate (THR empty is always reported), receive is empty.
/// </summary>
public sealed class Uart16550 : IMmioDevice
{
    public const ulong PowerNv9Address = 0x0006_0300_d001_03f8UL;
    private const int Thr = 0, Ier = 1, Iir = 2, Lcr = 3, Mcr = 4, Lsr = 5, Msr = 6, Scr = 7;
    private const byte LsrThrEmpty = 0x20, LsrTransmitterEmpty = 0x40;
    private readonly Action<byte> _output;
    private byte _ier, _lcr, _mcr, _scr, _dll, _dlm;

    public Uart16550(Action<byte> output, ulong baseAddress = PowerNv9Address)
    {
        _output = output;
        Base = baseAddress;
    }

    public string Name => "uart16550";
    public ulong Base { get; }
    public ulong Size => 8;
    public long BytesWritten { get; private set; }

    private bool Dlab => (_lcr & 0x80) != 0;

    public ulong Read(ulong offset, int size) => (ulong)((int)offset switch
    {
        Thr => Dlab ? _dll : 0,
        Ier => Dlab ? _dlm : _ier,
        Iir => 0x01, // no interrupt pending
        Lcr => _lcr,
        Mcr => _mcr,
        Lsr => LsrThrEmpty | LsrTransmitterEmpty,
        Msr => 0xb0, // CTS, DSR, DCD asserted
        Scr => _scr,
        _ => 0,
    });

    public void Write(ulong offset, int size, ulong value)
    {
        byte b = (byte)value;
        switch ((int)offset)
        {
            case Thr:
                if (Dlab) _dll = b;
                else
                {
                    BytesWritten++;
                    _output(b);
                }
                break;
            case Ier: if (Dlab) _dlm = b; else _ier = b; break;
            case Lcr: _lcr = b; break;
            case Mcr: _mcr = b; break;
            case Scr: _scr = b; break;
        }
    }
}
