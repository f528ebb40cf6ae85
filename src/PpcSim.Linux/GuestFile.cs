namespace PpcSim.Linux;

/// <summary>
/// An open file description as the guest sees it. Guest fds that share one (dup, dup2,
/// fcntl F_DUPFD) share this object, so they share the offset and status flags as in Linux.
/// Methods return a byte count or a negative errno.
/// </summary>
internal abstract class GuestFile
{
    /// <summary>Guest fds referring to this description; the host side closes when it drops to 0.</summary>
    public int References { get; set; } = 1;

    /// <summary>The host fd behind it, or -1 for a stream-backed file.</summary>
    public virtual int HostFd => -1;

    public abstract long Read(Span<byte> buffer);
    public abstract long Write(ReadOnlySpan<byte> buffer);
    public virtual long Pread(Span<byte> buffer, long offset) => -Errno.ESPIPE;
    public virtual long Pwrite(ReadOnlySpan<byte> buffer, long offset) => -Errno.ESPIPE;
    public virtual long Seek(long offset, int whence) => -Errno.ESPIPE;
    /// <summary>Fills a struct statx (256 bytes, the arch-neutral layout).</summary>
    public abstract long Statx(Span<byte> statx);
    public virtual bool IsTerminal => false;
    public abstract void Release();
}
