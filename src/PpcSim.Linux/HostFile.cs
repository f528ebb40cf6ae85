namespace PpcSim.Linux;

/// <summary>A guest file backed by a host fd: regular files, directories, pipes, the host's tty.</summary>
internal sealed unsafe class HostFile(int fd, bool ownsFd) : GuestFile
{
    public override int HostFd => fd;

    private static long Result(long r) => r < 0 ? -HostLibc.Errno : r;

    public override long Read(Span<byte> buffer)
    {
        fixed (byte* p = buffer) return Result(HostLibc.Read(fd, p, (nuint)buffer.Length));
    }

    public override long Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer) return Result(HostLibc.Write(fd, p, (nuint)buffer.Length));
    }

    public override long Pread(Span<byte> buffer, long offset)
    {
        fixed (byte* p = buffer) return Result(HostLibc.Pread(fd, p, (nuint)buffer.Length, offset));
    }

    public override long Pwrite(ReadOnlySpan<byte> buffer, long offset)
    {
        fixed (byte* p = buffer) return Result(HostLibc.Pwrite(fd, p, (nuint)buffer.Length, offset));
    }

    public override long Seek(long offset, int whence) => Result(HostLibc.Lseek(fd, offset, whence));

    public override long Statx(Span<byte> statx)
    {
        byte empty = 0;
        fixed (byte* p = statx)
            return Result(HostLibc.Statx(fd, &empty, HostLibc.AtEmptyPath, HostLibc.StatxBasicStats, p));
    }

    public override bool IsTerminal => HostLibc.IsATty(fd) == 1;

    public override void Release()
    {
        if (ownsFd) HostLibc.Close(fd);
    }
}
