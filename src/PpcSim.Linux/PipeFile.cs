using System.Buffers.Binary;

namespace PpcSim.Linux;

/// <summary>One end of a <see cref="GuestPipe"/>.</summary>
internal sealed class PipeFile(GuestPipe pipe, bool readEnd) : GuestFile
{
    /// <summary>Returned by a read that has to wait for a writer: the process blocks and retries.</summary>
    public const long WouldBlock = long.MinValue;

    public GuestPipe Pipe => pipe;
    public bool ReadEnd => readEnd;
    public bool NonBlocking { get; set; }

    public override long Read(Span<byte> buffer)
    {
        if (!readEnd) return -Errno.EBADF;
        if (buffer.Length == 0) return 0;
        if (pipe.Available == 0)
        {
            if (!pipe.WriterOpen) return 0;
            return NonBlocking ? -Errno.EAGAIN : WouldBlock;
        }
        return pipe.Read(buffer);
    }

    public override long Write(ReadOnlySpan<byte> buffer)
    {
        if (readEnd) return -Errno.EBADF;
        if (!pipe.ReaderOpen) return -Errno.EPIPE;
        pipe.Write(buffer);
        return buffer.Length;
    }

    public override long Statx(Span<byte> statx)
    {
        statx.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(statx, 0x7ff);
        BinaryPrimitives.WriteUInt32LittleEndian(statx[4..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(statx[16..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(statx[28..], 0x1180); // S_IFIFO | 0600
        BinaryPrimitives.WriteUInt64LittleEndian(statx[40..], (ulong)pipe.Available);
        return 0;
    }

    public override void Release()
    {
        if (readEnd) pipe.ReaderOpen = false;
        else pipe.WriterOpen = false;
    }
}
