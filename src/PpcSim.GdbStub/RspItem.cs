namespace PpcSim.GdbStub;

/// <summary>One thing gdb sent: a packet, an acknowledgement, or an interrupt.</summary>
public readonly record struct RspItem(RspItemKind Kind, byte[] Payload)
{
    public string Text => System.Text.Encoding.Latin1.GetString(Payload);
}
