using System.Buffers;

namespace PpcSim.GdbStub;

/// <summary>
/// Splits the byte stream from gdb into <see cref="RspItem"/>s. Bytes outside a packet other than
/// '+', '-' and 0x03 are line noise and skipped (as gdb's own stubs do); a packet longer than
/// <see cref="MaxPacket"/> without its '#' means the stream is not RSP, and the session ends.
/// </summary>
public static class RspFramer
{
    public const int MaxPacket = 1 << 20;

    /// <summary>
    /// Takes the next item from the front of <paramref name="buffer"/> (advancing it past what was
    /// consumed), or returns false if more bytes are needed (an unfinished packet stays in the
    /// buffer). Throws <see cref="InvalidDataException"/> for an overlong packet.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out RspItem item)
    {
        item = default;
        var reader = new SequenceReader<byte>(buffer);
        while (true)
        {
            var at = reader.Position;
            if (!reader.TryRead(out byte b))
            {
                buffer = buffer.Slice(buffer.End);
                return false;
            }
            RspItemKind? single = b switch
            {
                (byte)'+' => RspItemKind.Ack,
                (byte)'-' => RspItemKind.Nak,
                0x03 => RspItemKind.Interrupt,
                _ => null,
            };
            if (single is { } kind)
            {
                item = new RspItem(kind, []);
                buffer = buffer.Slice(reader.Position);
                return true;
            }
            if (b != (byte)'$') continue; // noise between packets
            if (!reader.TryReadTo(out ReadOnlySequence<byte> body, (byte)'#', advancePastDelimiter: true) || reader.Remaining < 2)
            {
                if (buffer.Slice(at).Length > MaxPacket + 3) throw new InvalidDataException("packet without an end marker");
                buffer = buffer.Slice(at);
                return false;
            }
            if (body.Length > MaxPacket) throw new InvalidDataException("packet too long");
            reader.TryRead(out byte c1);
            reader.TryRead(out byte c2);
            var raw = body.ToArray();
            buffer = buffer.Slice(reader.Position);
            int h = RspCodec.HexValue(c1), l = RspCodec.HexValue(c2);
            if (h < 0 || l < 0 || RspCodec.Checksum(raw) != (byte)(h << 4 | l))
            {
                item = new RspItem(RspItemKind.BadChecksum, raw);
                return true;
            }
            var expanded = RspCodec.ExpandRunLength(raw);
            item = expanded == null ? new RspItem(RspItemKind.BadChecksum, raw) : new RspItem(RspItemKind.Packet, expanded);
            return true;
        }
    }
}
