namespace PpcSim.GdbStub;

public enum RspItemKind
{
    /// <summary>A well-formed packet; its payload is in <see cref="RspItem.Payload"/> (run-length expanded).</summary>
    Packet,
    /// <summary>A framed packet whose checksum did not match (answer '-' in acknowledgement mode).</summary>
    BadChecksum,
    Ack,
    Nak,
    /// <summary>gdb's interrupt request: a raw 0x03 byte outside any packet (Ctrl-C).</summary>
    Interrupt,
}
