using System.Buffers.Binary;

namespace PpcSim.Linux;

/// <summary>
/// A guest fd backed by a .NET stream (stdio of an embedded run, e.g. in tests). It looks like a
/// pipe: not seekable, not a terminal.
/// </summary>
internal sealed class StreamFile(Stream stream, bool readable) : GuestFile
{
    public override long Read(Span<byte> buffer)
    {
        if (!readable) return -Errno.EBADF;
        return stream.Read(buffer);
    }

    public override long Write(ReadOnlySpan<byte> buffer)
    {
        if (readable) return -Errno.EBADF;
        stream.Write(buffer);
        stream.Flush();
        return buffer.Length;
    }

    public override long Statx(Span<byte> statx)
    {
        statx.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(statx, 0x7ff);          // stx_mask
        BinaryPrimitives.WriteUInt32LittleEndian(statx[4..], 4096);      // stx_blksize
        BinaryPrimitives.WriteUInt32LittleEndian(statx[16..], 1);        // stx_nlink
        BinaryPrimitives.WriteUInt16LittleEndian(statx[28..], 0x1180);   // S_IFIFO | 0600
        return 0;
    }

    public override void Release()
    {
    }
}
