using System.Buffers.Binary;
using System.Text;
using PpcSim.Memory;

namespace PpcSim.Linux;

// File-system system calls on the HOST file system, like qemu-user: guest paths are host paths,
// relative ones start at the process's working directory. Guest fd numbers are the guest's own
// (lowest free first, as Linux allocates them) and map onto host fds or embedded streams.
public sealed unsafe partial class LinuxProcess
{
    private const int MaxFds = 1024;
    private const int GuestAtFdCwd = -100;
    private const int FDupfd = 0, FGetfd = 1, FSetfd = 2, FGetfl = 3, FSetfl = 4, FDupfdCloexec = 1030;

    private sealed class FdEntry(GuestFile file, bool cloExec)
    {
        public GuestFile File = file;
        public bool CloExec = cloExec;
    }

    private readonly Dictionary<int, FdEntry> _fds = [];
    private int _cwdFd = -1;
    private string _cwd = "/";
    private uint _umask;

    private void InitFiles()
    {
        _fds[0] = new FdEntry(_options.Stdin != null ? new StreamFile(_options.Stdin, readable: true) : new HostFile(0, ownsFd: false), false);
        _fds[1] = new FdEntry(_options.Stdout != null ? new StreamFile(_options.Stdout, readable: false) : new HostFile(1, ownsFd: false), false);
        _fds[2] = new FdEntry(_options.Stderr != null ? new StreamFile(_options.Stderr, readable: false) : new HostFile(2, ownsFd: false), false);
        SetCwd(_options.WorkingDirectory ?? Environment.CurrentDirectory);
        // The guest starts with the host's umask, as a child process would inherit it.
        _umask = HostLibc.Umask(0x12);
        HostLibc.Umask(_umask);
    }

    private bool SetCwd(string path)
    {
        var p = HostLibc.CStr(path);
        int fd;
        fixed (byte* pp = p) fd = HostLibc.OpenAt(HostLibc.AtFdCwd, pp, OpenFlags.Path | OpenFlags.HostDirectory | OpenFlags.CloExec, 0);
        if (fd < 0) return false;
        if (_cwdFd >= 0) HostLibc.Close(_cwdFd);
        _cwdFd = fd;
        _cwd = path;
        return true;
    }

    private void FlushStdio()
    {
        _options.Stdout?.Flush();
        _options.Stderr?.Flush();
    }

    private GuestFile? GetFile(int fd) => _fds.TryGetValue(fd, out var e) ? e.File : null;

    private int AllocFd(GuestFile file, bool cloExec, int min = 0)
    {
        for (int fd = min; fd < MaxFds; fd++)
        {
            if (_fds.ContainsKey(fd)) continue;
            _fds[fd] = new FdEntry(file, cloExec);
            return fd;
        }
        return -Errno.EMFILE;
    }

    private long CloseFd(int fd)
    {
        if (!_fds.Remove(fd, out var e)) return -Errno.EBADF;
        if (--e.File.References == 0) e.File.Release();
        return 0;
    }

    /// <summary>The host directory fd a guest dirfd stands for (AT_FDCWD is the process cwd).</summary>
    private bool HostDirFd(long guestDirFd, out int hostFd)
    {
        if ((int)guestDirFd == GuestAtFdCwd)
        {
            hostFd = _cwdFd;
            return true;
        }
        hostFd = GetFile((int)guestDirFd)?.HostFd ?? -1;
        return hostFd >= 0;
    }

    private static long HostResult(long r) => r < 0 ? -HostLibc.Errno : r;

    /// <summary>Reads a guest path argument; null on EFAULT/ENAMETOOLONG.</summary>
    private byte[]? ReadPath(ulong addr, out long error)
    {
        var s = ReadCString(addr, 4096);
        error = s == null ? -Errno.EFAULT : 0;
        if (s == null) return null;
        var z = new byte[s.Length + 1];
        s.CopyTo(z, 0);
        return z;
    }

    private static bool IsPath(byte[] path, string s) => path.Length == s.Length + 1 && Encoding.ASCII.GetString(path, 0, s.Length) == s;

    // ---- read/write -------------------------------------------------------------------------

    private const int MaxIo = 16 << 20;

    private long SysRead(int fd, ulong buf, ulong count)
    {
        var f = GetFile(fd);
        if (f == null) return -Errno.EBADF;
        int n = (int)Math.Min(count, MaxIo);
        if (!Memory.Check(buf, (ulong)n, PageProtection.Write)) return -Errno.EFAULT;
        var tmp = new byte[n];
        long r = f.Read(tmp);
        if (r > 0) WriteGuest(buf, tmp.AsSpan(0, (int)r));
        return r;
    }

    private long SysWrite(int fd, ulong buf, ulong count)
    {
        var f = GetFile(fd);
        if (f == null) return -Errno.EBADF;
        int n = (int)Math.Min(count, MaxIo);
        var tmp = new byte[n];
        if (!ReadGuest(buf, tmp)) return -Errno.EFAULT;
        return PipeCheck(f.Write(tmp));
    }

    /// <summary>EPIPE also raises SIGPIPE (Linux pipe_write), which by default ends the process.</summary>
    private long PipeCheck(long r)
    {
        if (r == -Errno.EPIPE) RaiseSignal(13, SigInfo(13, SiUser, fromProcess: true));
        return r;
    }

    private long SysPread(int fd, ulong buf, ulong count, long offset)
    {
        var f = GetFile(fd);
        if (f == null) return -Errno.EBADF;
        int n = (int)Math.Min(count, MaxIo);
        if (!Memory.Check(buf, (ulong)n, PageProtection.Write)) return -Errno.EFAULT;
        var tmp = new byte[n];
        long r = f.Pread(tmp, offset);
        if (r > 0) WriteGuest(buf, tmp.AsSpan(0, (int)r));
        return r;
    }

    private long SysPwrite(int fd, ulong buf, ulong count, long offset)
    {
        var f = GetFile(fd);
        if (f == null) return -Errno.EBADF;
        var tmp = new byte[(int)Math.Min(count, MaxIo)];
        if (!ReadGuest(buf, tmp)) return -Errno.EFAULT;
        return f.Pwrite(tmp, offset);
    }

    private bool ReadIovec(ulong iov, ulong cnt, out List<(ulong Base, ulong Len)> list)
    {
        list = [];
        if (cnt > 1024) return false;
        for (ulong i = 0; i < cnt; i++)
        {
            if (!ReadU64(iov + i * 16, out ulong b) || !ReadU64(iov + i * 16 + 8, out ulong l)) return false;
            list.Add((b, l));
        }
        return true;
    }

    private long SysWritev(int fd, ulong iov, ulong cnt, long offset = -1)
    {
        var f = GetFile(fd);
        if (f == null) return -Errno.EBADF;
        if (!ReadIovec(iov, cnt, out var list)) return -Errno.EINVAL;
        // Gather into one host write so the data stays together, as writev promises.
        var all = new MemoryStream();
        foreach (var (b, l) in list)
        {
            var tmp = new byte[(int)Math.Min(l, MaxIo)];
            if (!ReadGuest(b, tmp)) return -Errno.EFAULT;
            all.Write(tmp);
        }
        var bytes = all.ToArray();
        return PipeCheck(offset < 0 ? f.Write(bytes) : f.Pwrite(bytes, offset));
    }

    private long SysReadv(int fd, ulong iov, ulong cnt, long offset = -1)
    {
        var f = GetFile(fd);
        if (f == null) return -Errno.EBADF;
        if (!ReadIovec(iov, cnt, out var list)) return -Errno.EINVAL;
        ulong total = 0;
        foreach (var (_, l) in list) total += l;
        var tmp = new byte[(int)Math.Min(total, MaxIo)];
        long r = offset < 0 ? f.Read(tmp) : f.Pread(tmp, offset);
        if (r <= 0) return r;
        long at = 0;
        foreach (var (b, l) in list)
        {
            if (at >= r) break;
            int n = (int)Math.Min((long)l, r - at);
            if (!WriteGuest(b, tmp.AsSpan((int)at, n))) return -Errno.EFAULT;
            at += n;
        }
        return r;
    }

    // ---- open/close/dup ---------------------------------------------------------------------

    private long SysOpenAt(long dirfd, ulong pathAddr, int flags, uint mode)
    {
        var path = ReadPath(pathAddr, out long err);
        if (path == null) return err;
        if (!HostDirFd(dirfd, out int hdir)) return -Errno.EBADF;
        if (IsPath(path, "/proc/self/exe")) path = HostLibc.CStr(_exePath);
        int hostFlags = OpenFlags.ToHost(flags) | OpenFlags.CloExec;
        int hfd;
        fixed (byte* p = path) hfd = HostLibc.OpenAt(hdir, p, hostFlags, mode & ~_umask & 0xfff);
        if (hfd < 0) return -HostLibc.Errno;
        long gfd = AllocFd(new HostFile(hfd, ownsFd: true), (flags & OpenFlags.CloExec) != 0);
        if (gfd < 0) HostLibc.Close(hfd);
        return gfd;
    }

    private long SysDup(int fd) => DupTo(fd, -1, false, 0);

    private long DupTo(int oldFd, int newFd, bool cloExec, int min)
    {
        if (!_fds.TryGetValue(oldFd, out var e)) return -Errno.EBADF;
        if (newFd < 0)
        {
            long r = AllocFd(e.File, cloExec, min);
            if (r >= 0) e.File.References++;
            return r;
        }
        if (newFd >= MaxFds) return -Errno.EBADF;
        if (newFd == oldFd) return newFd;
        if (_fds.ContainsKey(newFd)) CloseFd(newFd);
        _fds[newFd] = new FdEntry(e.File, cloExec);
        e.File.References++;
        return newFd;
    }

    private long SysDup3(int oldFd, int newFd, int flags)
    {
        if (oldFd == newFd) return -Errno.EINVAL;
        if ((flags & ~OpenFlags.CloExec) != 0) return -Errno.EINVAL;
        return DupTo(oldFd, newFd, (flags & OpenFlags.CloExec) != 0, 0);
    }

    private long SysDup2(int oldFd, int newFd)
    {
        if (oldFd == newFd) return _fds.ContainsKey(oldFd) ? newFd : -Errno.EBADF;
        return DupTo(oldFd, newFd, false, 0);
    }

    private long SysPipe2(ulong fdsAddr, int flags)
    {
        var pipe = new GuestPipe();
        bool ce = (flags & OpenFlags.CloExec) != 0;
        bool nb = (flags & OpenFlags.NonBlock) != 0;
        long r = AllocFd(new PipeFile(pipe, readEnd: true) { NonBlocking = nb }, ce);
        if (r < 0) return r;
        long w = AllocFd(new PipeFile(pipe, readEnd: false) { NonBlocking = nb }, ce);
        if (w < 0)
        {
            CloseFd((int)r);
            return w;
        }
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(b, (int)r);
        BinaryPrimitives.WriteInt32LittleEndian(b[4..], (int)w);
        if (!WriteGuest(fdsAddr, b))
        {
            CloseFd((int)r);
            CloseFd((int)w);
            return -Errno.EFAULT;
        }
        return 0;
    }

    private long SysFcntl(int fd, int cmd, ulong arg)
    {
        if (!_fds.TryGetValue(fd, out var e)) return -Errno.EBADF;
        switch (cmd)
        {
            case FDupfd: return DupTo(fd, -1, false, (int)arg);
            case FDupfdCloexec: return DupTo(fd, -1, true, (int)arg);
            case FGetfd: return e.CloExec ? 1 : 0;
            case FSetfd: e.CloExec = (arg & 1) != 0; return 0;
            case FGetfl:
                {
                    if (e.File is PipeFile pf) return (pf.ReadEnd ? 0 : 1) | (pf.NonBlocking ? OpenFlags.NonBlock : 0);
                    if (e.File.HostFd < 0) return e.File is StreamFile sf && sf == GetFile(0) ? 0 : 1;
                    long r = HostResult(HostLibc.Fcntl(e.File.HostFd, FGetfl, 0));
                    return r < 0 ? r : OpenFlags.ToGuest((int)r) & ~0x8000_0000;
                }
            case FSetfl:
                if (e.File is PipeFile p) p.NonBlocking = ((int)arg & OpenFlags.NonBlock) != 0;
                if (e.File.HostFd < 0) return 0;
                return HostResult(HostLibc.Fcntl(e.File.HostFd, FSetfl, OpenFlags.ToHost((int)arg)));
            case 5: case 6: case 7: // F_GETLK/F_SETLK/F_SETLKW: one process holds every lock it asks for
                return 0;
            default:
                return -Errno.EINVAL;
        }
    }

    // ---- stat -------------------------------------------------------------------------------

    /// <summary>struct stat of powerpc64 (arch/powerpc/include/uapi/asm/stat.h), 144 bytes, from a statx.</summary>
    private static byte[] StatFromStatx(ReadOnlySpan<byte> sx)
    {
        var st = new byte[144];
        var s = st.AsSpan();
        static ulong Dev(uint major, uint minor) => (minor & 0xff) | (major << 8) | ((ulong)(minor & ~0xffu) << 12);
        BinaryPrimitives.WriteUInt64LittleEndian(s, Dev(BinaryPrimitives.ReadUInt32LittleEndian(sx[136..]), BinaryPrimitives.ReadUInt32LittleEndian(sx[140..])));
        BinaryPrimitives.WriteUInt64LittleEndian(s[8..], BinaryPrimitives.ReadUInt64LittleEndian(sx[32..]));   // ino
        BinaryPrimitives.WriteUInt64LittleEndian(s[16..], BinaryPrimitives.ReadUInt32LittleEndian(sx[16..]));  // nlink
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], BinaryPrimitives.ReadUInt16LittleEndian(sx[28..]));  // mode
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], BinaryPrimitives.ReadUInt32LittleEndian(sx[20..]));  // uid
        BinaryPrimitives.WriteUInt32LittleEndian(s[32..], BinaryPrimitives.ReadUInt32LittleEndian(sx[24..]));  // gid
        BinaryPrimitives.WriteUInt64LittleEndian(s[40..], Dev(BinaryPrimitives.ReadUInt32LittleEndian(sx[128..]), BinaryPrimitives.ReadUInt32LittleEndian(sx[132..])));
        BinaryPrimitives.WriteUInt64LittleEndian(s[48..], BinaryPrimitives.ReadUInt64LittleEndian(sx[40..]));  // size
        BinaryPrimitives.WriteUInt64LittleEndian(s[56..], BinaryPrimitives.ReadUInt32LittleEndian(sx[4..]));   // blksize
        BinaryPrimitives.WriteUInt64LittleEndian(s[64..], BinaryPrimitives.ReadUInt64LittleEndian(sx[48..]));  // blocks
        // atime, mtime, ctime: statx keeps them at 64, 112, 96 as {s64 sec, u32 nsec}.
        int[] from = [64, 112, 96];
        for (int i = 0; i < 3; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(s[(72 + 16 * i)..], BinaryPrimitives.ReadInt64LittleEndian(sx[from[i]..]));
            BinaryPrimitives.WriteUInt64LittleEndian(s[(80 + 16 * i)..], BinaryPrimitives.ReadUInt32LittleEndian(sx[(from[i] + 8)..]));
        }
        return st;
    }

    private long StatxAt(long dirfd, byte[] path, int flags, Span<byte> sx)
    {
        if (path.Length == 1 && (flags & HostLibc.AtEmptyPath) != 0 && (int)dirfd != GuestAtFdCwd)
        {
            var f = GetFile((int)dirfd);
            return f == null ? -Errno.EBADF : f.Statx(sx);
        }
        if (!HostDirFd(dirfd, out int hdir)) return -Errno.EBADF;
        if (IsPath(path, "/proc/self/exe")) path = HostLibc.CStr(_exePath);
        fixed (byte* p = path)
        fixed (byte* b = sx)
            return HostResult(HostLibc.Statx(hdir, p, flags & (HostLibc.AtEmptyPath | HostLibc.AtSymlinkNofollow | 0x800), HostLibc.StatxBasicStats, b));
    }

    private long SysFstatat(long dirfd, ulong pathAddr, ulong statAddr, int flags)
    {
        var path = ReadPath(pathAddr, out long err);
        if (path == null) return err;
        var sx = new byte[256];
        long r = StatxAt(dirfd, path, flags, sx);
        if (r < 0) return r;
        return WriteGuest(statAddr, StatFromStatx(sx)) ? 0 : -Errno.EFAULT;
    }

    private long SysFstat(int fd, ulong statAddr)
    {
        var f = GetFile(fd);
        if (f == null) return -Errno.EBADF;
        var sx = new byte[256];
        long r = f.Statx(sx);
        if (r < 0) return r;
        return WriteGuest(statAddr, StatFromStatx(sx)) ? 0 : -Errno.EFAULT;
    }

    private long SysStatx(long dirfd, ulong pathAddr, int flags, ulong bufAddr)
    {
        var path = ReadPath(pathAddr, out long err);
        if (path == null) return err;
        var sx = new byte[256];
        long r = StatxAt(dirfd, path, flags, sx);
        if (r < 0) return r;
        return WriteGuest(bufAddr, sx) ? 0 : -Errno.EFAULT;
    }

    // ---- directories and names --------------------------------------------------------------

    private long SysGetdents64(int fd, ulong buf, ulong count)
    {
        var f = GetFile(fd);
        if (f == null) return -Errno.EBADF;
        if (f.HostFd < 0) return -Errno.ENOTDIR;
        var tmp = new byte[(int)Math.Min(count, 1 << 20)];
        long r;
        fixed (byte* p = tmp) r = HostResult(HostLibc.Getdents64(f.HostFd, p, (nuint)tmp.Length));
        if (r > 0 && !WriteGuest(buf, tmp.AsSpan(0, (int)r))) return -Errno.EFAULT;
        return r;
    }

    private delegate long PathOp(int hostDir, byte* path);

    private long WithPath(long dirfd, ulong pathAddr, PathOp op)
    {
        var path = ReadPath(pathAddr, out long err);
        if (path == null) return err;
        if (!HostDirFd(dirfd, out int hdir)) return -Errno.EBADF;
        fixed (byte* p = path) return HostResult(op(hdir, p));
    }

    private long SysUnlinkAt(long dirfd, ulong pathAddr, int flags)
        => WithPath(dirfd, pathAddr, (d, p) => HostLibc.UnlinkAt(d, p, flags & HostLibc.AtRemoveDir));

    private long SysMkdirAt(long dirfd, ulong pathAddr, uint mode)
        => WithPath(dirfd, pathAddr, (d, p) => HostLibc.MkdirAt(d, p, mode & ~_umask & 0xfff));

    private long SysFaccessAt(long dirfd, ulong pathAddr, int mode, int flags)
    {
        var path = ReadPath(pathAddr, out long err);
        if (path == null) return err;
        if (!HostDirFd(dirfd, out int hdir)) return -Errno.EBADF;
        if (IsPath(path, "/proc/self/exe")) path = HostLibc.CStr(_exePath);
        fixed (byte* p = path) return HostResult(HostLibc.FaccessAt(hdir, p, mode, flags & 0x300));
    }

    private long SysRenameAt(long olddir, ulong oldAddr, long newdir, ulong newAddr, uint flags)
    {
        var oldPath = ReadPath(oldAddr, out long err);
        if (oldPath == null) return err;
        var newPath = ReadPath(newAddr, out err);
        if (newPath == null) return err;
        if (!HostDirFd(olddir, out int ho) || !HostDirFd(newdir, out int hn)) return -Errno.EBADF;
        fixed (byte* po = oldPath)
        fixed (byte* pn = newPath)
            return HostResult(HostLibc.RenameAt2(ho, po, hn, pn, flags));
    }

    private long SysLinkAt(long olddir, ulong oldAddr, long newdir, ulong newAddr, int flags)
    {
        var oldPath = ReadPath(oldAddr, out long err);
        if (oldPath == null) return err;
        var newPath = ReadPath(newAddr, out err);
        if (newPath == null) return err;
        if (!HostDirFd(olddir, out int ho) || !HostDirFd(newdir, out int hn)) return -Errno.EBADF;
        fixed (byte* po = oldPath)
        fixed (byte* pn = newPath)
            return HostResult(HostLibc.LinkAt(ho, po, hn, pn, flags & 0x1400));
    }

    private long SysSymlinkAt(ulong targetAddr, long newdir, ulong linkAddr)
    {
        var target = ReadPath(targetAddr, out long err);
        if (target == null) return err;
        var link = ReadPath(linkAddr, out err);
        if (link == null) return err;
        if (!HostDirFd(newdir, out int hn)) return -Errno.EBADF;
        fixed (byte* pt = target)
        fixed (byte* pl = link)
            return HostResult(HostLibc.SymlinkAt(pt, hn, pl));
    }

    private long SysReadlinkAt(long dirfd, ulong pathAddr, ulong buf, ulong size)
    {
        var path = ReadPath(pathAddr, out long err);
        if (path == null) return err;
        if ((long)size <= 0) return -Errno.EINVAL;
        // qemu answers /proc/self/exe with the guest program, not the emulator.
        if (IsPath(path, "/proc/self/exe"))
        {
            var exe = Encoding.UTF8.GetBytes(_exePath);
            int n = (int)Math.Min((ulong)exe.Length, size);
            return WriteGuest(buf, exe.AsSpan(0, n)) ? n : -Errno.EFAULT;
        }
        if (!HostDirFd(dirfd, out int hdir)) return -Errno.EBADF;
        var tmp = new byte[(int)Math.Min(size, 65536)];
        long r;
        fixed (byte* p = path)
        fixed (byte* b = tmp)
            r = HostResult(HostLibc.ReadlinkAt(hdir, p, b, (nuint)tmp.Length));
        if (r > 0 && !WriteGuest(buf, tmp.AsSpan(0, (int)r))) return -Errno.EFAULT;
        return r;
    }

    private long SysGetcwd(ulong buf, ulong size)
    {
        var b = Encoding.UTF8.GetBytes(_cwd + "\0");
        if ((ulong)b.Length > size) return -Errno.ERANGE;
        return WriteGuest(buf, b) ? b.Length : -Errno.EFAULT;
    }

    private long SysChdir(ulong pathAddr)
    {
        var path = ReadPath(pathAddr, out long err);
        if (path == null) return err;
        int fd;
        fixed (byte* p = path) fd = HostLibc.OpenAt(_cwdFd, p, OpenFlags.Path | OpenFlags.HostDirectory | OpenFlags.CloExec, 0);
        if (fd < 0) return -HostLibc.Errno;
        return AdoptCwd(fd);
    }

    private long SysFchdir(int gfd)
    {
        var f = GetFile(gfd);
        if (f == null || f.HostFd < 0) return -Errno.EBADF;
        int fd = HostLibc.Fcntl(f.HostFd, FDupfdCloexec, 3);
        if (fd < 0) return -HostLibc.Errno;
        return AdoptCwd(fd);
    }

    private long AdoptCwd(int fd)
    {
        var linkPath = HostLibc.CStr($"/proc/self/fd/{fd}");
        var buf = new byte[4096];
        long n;
        fixed (byte* lp = linkPath)
        fixed (byte* b = buf)
            n = HostLibc.ReadlinkAt(HostLibc.AtFdCwd, lp, b, (nuint)buf.Length);
        if (n <= 0)
        {
            HostLibc.Close(fd);
            return -Errno.ENOENT;
        }
        var sx = new byte[256];
        byte empty = 0;
        fixed (byte* b = sx) HostLibc.Statx(fd, &empty, HostLibc.AtEmptyPath, HostLibc.StatxBasicStats, b);
        if ((BinaryPrimitives.ReadUInt16LittleEndian(sx.AsSpan(28)) & 0xf000) != 0x4000)
        {
            HostLibc.Close(fd);
            return -Errno.ENOTDIR;
        }
        if (_cwdFd >= 0) HostLibc.Close(_cwdFd);
        _cwdFd = fd;
        _cwd = Encoding.UTF8.GetString(buf, 0, (int)n);
        return 0;
    }

    private long SysFtruncate(int fd, long length)
    {
        var f = GetFile(fd);
        if (f == null) return -Errno.EBADF;
        if (f.HostFd < 0) return -Errno.EINVAL;
        return HostResult(HostLibc.Ftruncate(f.HostFd, length));
    }

    private long SysFsync(int fd, bool dataOnly)
    {
        var f = GetFile(fd);
        if (f == null) return -Errno.EBADF;
        if (f.HostFd < 0) return -Errno.EINVAL;
        return HostResult(dataOnly ? HostLibc.Fdatasync(f.HostFd) : HostLibc.Fsync(f.HostFd));
    }

    private long SysFchmodAt(long dirfd, ulong pathAddr, uint mode)
        => WithPath(dirfd, pathAddr, (d, p) => HostLibc.FchmodAt(d, p, mode & 0xfff, 0));

    private long SysFchmod(int fd, uint mode)
    {
        var f = GetFile(fd);
        if (f == null) return -Errno.EBADF;
        if (f.HostFd < 0) return 0;
        return HostResult(HostLibc.Fchmod(f.HostFd, mode & 0xfff));
    }

    private long SysFchownAt(long dirfd, ulong pathAddr, uint uid, uint gid, int flags)
        => WithPath(dirfd, pathAddr, (d, p) => HostLibc.FchownAt(d, p, uid, gid, flags & (HostLibc.AtSymlinkNofollow | HostLibc.AtEmptyPath)));

    private long SysUtimensAt(long dirfd, ulong pathAddr, ulong timesAddr, int flags)
    {
        long* times = stackalloc long[4];
        if (timesAddr != 0)
        {
            for (int i = 0; i < 4; i++)
            {
                if (!ReadU64(timesAddr + (ulong)i * 8, out ulong v)) return -Errno.EFAULT;
                times[i] = (long)v;
            }
        }
        if (pathAddr == 0)
        {
            var f = GetFile((int)dirfd);
            if (f == null) return -Errno.EBADF;
            byte empty = 0;
            return HostResult(HostLibc.UtimensAt(f.HostFd, &empty, timesAddr == 0 ? null : times, HostLibc.AtEmptyPath));
        }
        return WithPath(dirfd, pathAddr, (d, p) => HostLibc.UtimensAt(d, p, timesAddr == 0 ? null : times, flags & HostLibc.AtSymlinkNofollow));
    }

    private long SysLseek(int fd, long offset, int whence)
    {
        var f = GetFile(fd);
        return f == null ? -Errno.EBADF : f.Seek(offset, whence);
    }

    // ---- ioctl ------------------------------------------------------------------------------

    private const uint TcGets = 0x402c7413, TcSets = 0x802c7414, TcSetsw = 0x802c7415, TcSetsf = 0x802c7416,
        TiocGwinsz = 0x40087468, TiocSwinsz = 0x80087467, FionRead = 0x4004667f, TiocGpgrp = 0x40047477;

    private long SysIoctl(int fd, uint request, ulong arg)
    {
        var f = GetFile(fd);
        if (f == null) return -Errno.EBADF;
        bool tty = f.IsTerminal;
        switch (request)
        {
            case TcGets:
                {
                    if (!tty) return -Errno.ENOTTY;
                    // A cooked terminal in powerpc's termios layout and flag values (asm/termbits.h).
                    var t = new byte[44];
                    BinaryPrimitives.WriteUInt32LittleEndian(t, 0x0100 | 0x0200);            // ICRNL | IXON
                    BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), 0x1 | 0x2);        // OPOST | ONLCR
                    BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(8), 0x0f | 0x300 | 0x800); // B38400 | CS8 | CREAD
                    BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(12), 0x80 | 0x100 | 0x8 | 0x2 | 0x4 | 0x400 | 0x40 | 0x1);
                    byte[] cc = [3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0];
                    cc.CopyTo(t, 16);
                    BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(36), 38400);
                    BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(40), 38400);
                    return WriteGuest(arg, t) ? 0 : -Errno.EFAULT;
                }
            case TcSets:
            case TcSetsw:
            case TcSetsf:
                return tty ? 0 : -Errno.ENOTTY;
            case TiocGwinsz:
                {
                    if (!tty) return -Errno.ENOTTY;
                    var ws = new byte[8];
                    fixed (byte* p = ws)
                        if (HostLibc.Ioctl(f.HostFd, 0x5413, p) < 0) return -HostLibc.Errno;
                    return WriteGuest(arg, ws) ? 0 : -Errno.EFAULT;
                }
            case TiocSwinsz:
                return tty ? 0 : -Errno.ENOTTY;
            case TiocGpgrp:
                if (!tty) return -Errno.ENOTTY;
                return WriteU32(arg, GuestPid) ? 0 : -Errno.EFAULT; // one process group: the first process
            case FionRead:
                {
                    if (f.HostFd < 0) return WriteU32(arg, 0) ? 0 : -Errno.EFAULT;
                    var n = new byte[4];
                    fixed (byte* p = n)
                        if (HostLibc.Ioctl(f.HostFd, 0x541B, p) < 0) return -HostLibc.Errno;
                    return WriteGuest(arg, n) ? 0 : -Errno.EFAULT;
                }
            default:
                return -Errno.ENOTTY;
        }
    }

    private long SysPoll(ulong fdsAddr, ulong nfds, int timeoutMs)
    {
        // Only host fds can be polled; stream-backed ones are always ready.
        if (nfds > MaxFds) return -Errno.EINVAL;
        var buf = new byte[(int)nfds * 8];
        if (!ReadGuest(fdsAddr, buf)) return -Errno.EFAULT;
        var host = (byte[])buf.Clone();
        int ready = 0;
        for (int i = 0; i < (int)nfds; i++)
        {
            int gfd = BinaryPrimitives.ReadInt32LittleEndian(buf.AsSpan(i * 8));
            var f = gfd < 0 ? null : GetFile(gfd);
            BinaryPrimitives.WriteInt32LittleEndian(host.AsSpan(i * 8), f?.HostFd ?? -1);
            if (gfd >= 0 && f == null) { BinaryPrimitives.WriteInt16LittleEndian(buf.AsSpan(i * 8 + 6), 0x20); ready++; } // POLLNVAL
            else if (f != null && f.HostFd < 0) { BinaryPrimitives.WriteInt16LittleEndian(buf.AsSpan(i * 8 + 6), BinaryPrimitives.ReadInt16LittleEndian(buf.AsSpan(i * 8 + 4))); ready++; }
        }
        if (ready == 0)
        {
            // Deterministic: never wait on the host clock; a finite timeout polls once.
            int r;
            fixed (byte* p = host) r = HostLibc.Poll(p, nfds, timeoutMs < 0 ? -1 : 0);
            if (r < 0) return -HostLibc.Errno;
            for (int i = 0; i < (int)nfds; i++)
                BinaryPrimitives.WriteInt16LittleEndian(buf.AsSpan(i * 8 + 6), BinaryPrimitives.ReadInt16LittleEndian(host.AsSpan(i * 8 + 6)));
            ready = r;
        }
        return WriteGuest(fdsAddr, buf) ? ready : -Errno.EFAULT;
    }
}
