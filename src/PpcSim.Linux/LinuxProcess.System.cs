using System.Buffers.Binary;
using System.Text;

namespace PpcSim.Linux;

// Identity, limits, system information, randomness and futexes for a single-threaded process.
public sealed unsafe partial class LinuxProcess
{
    /// <summary>The first guest process's pid (and tid): fixed, so runs do not depend on the host's process table; forks count up.</summary>
    public const uint GuestPid = 4242;
    private const uint GuestPpid = 4241;

    // Credentials are the host's, as qemu-user passes them through (they are not time or randomness).
    private static readonly uint s_uid = HostLibc.GetUid(), s_euid = HostLibc.GetEuid(), s_gid = HostLibc.GetGid(), s_egid = HostLibc.GetEgid();

    private const ulong RlimInfinity = ulong.MaxValue;
    private readonly (ulong Cur, ulong Max)[] _rlimits = InitialRlimits();

    private static (ulong, ulong)[] InitialRlimits()
    {
        var r = new (ulong, ulong)[16];
        for (int i = 0; i < r.Length; i++) r[i] = (RlimInfinity, RlimInfinity);
        r[3] = (8UL << 20, RlimInfinity);  // RLIMIT_STACK
        r[4] = (0, RlimInfinity);          // RLIMIT_CORE
        r[6] = (63_000, 63_000);           // RLIMIT_NPROC
        r[7] = (1024, 524_288);            // RLIMIT_NOFILE
        r[8] = (8UL << 20, 8UL << 20);     // RLIMIT_MEMLOCK
        r[10] = (RlimInfinity, RlimInfinity);
        r[11] = (63_000, 63_000);          // RLIMIT_SIGPENDING
        r[12] = (819_200, 819_200);        // RLIMIT_MSGQUEUE
        r[13] = (0, 0);                    // RLIMIT_NICE
        r[14] = (0, 0);                    // RLIMIT_RTPRIO
        return r;
    }

    private long SysPrlimit(long pid, int resource, ulong newAddr, ulong oldAddr)
    {
        if (pid != 0 && pid != Pid) return -Errno.ESRCH;
        if (resource < 0 || resource >= _rlimits.Length) return -Errno.EINVAL;
        var old = _rlimits[resource];
        if (newAddr != 0)
        {
            if (!ReadU64(newAddr, out ulong cur) || !ReadU64(newAddr + 8, out ulong max)) return -Errno.EFAULT;
            if (cur > max) return -Errno.EINVAL;
            if (max > old.Max && s_euid != 0) return -Errno.EPERM;
            _rlimits[resource] = (cur, max);
        }
        if (oldAddr != 0 && (!WriteU64(oldAddr, old.Cur) || !WriteU64(oldAddr + 8, old.Max))) return -Errno.EFAULT;
        return 0;
    }

    private long SysUname(ulong buf)
    {
        // The host's names with machine "ppc64le", as qemu-user reports them.
        var u = new byte[6 * 65];
        fixed (byte* p = u)
            if (HostLibc.Uname(p) < 0) return -HostLibc.Errno;
        u.AsSpan(4 * 65, 65).Clear();
        Encoding.ASCII.GetBytes("ppc64le").CopyTo(u, 4 * 65);
        return WriteGuest(buf, u) ? 0 : -Errno.EFAULT;
    }

    private long SysGetrandom(ulong buf, ulong len)
    {
        var b = new byte[(int)Math.Min(len, 1 << 25)];
        _random.Fill(b);
        return WriteGuest(buf, b) ? b.Length : -Errno.EFAULT;
    }

    private long SysSchedGetaffinity(long pid, ulong len, ulong mask)
    {
        // One simulated CPU.
        if (len < 8 || (len & 7) != 0) return -Errno.EINVAL;
        if (pid != 0 && pid != Pid) return -Errno.ESRCH;
        return WriteU64(mask, 1) ? 8 : -Errno.EFAULT;
    }

    private long SysSysinfo(ulong buf)
    {
        var b = new byte[112];
        var s = b.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(s, (BootUptimeNs + ElapsedNs) / 1_000_000_000);
        BinaryPrimitives.WriteUInt64LittleEndian(s[32..], 4UL << 30);                       // totalram
        BinaryPrimitives.WriteUInt64LittleEndian(s[40..], (4UL << 30) - (ulong)Memory.MappedPages * 4096); // freeram
        BinaryPrimitives.WriteUInt16LittleEndian(s[80..], 1);                               // procs
        BinaryPrimitives.WriteUInt32LittleEndian(s[104..], 1);                              // mem_unit
        return WriteGuest(buf, b) ? 0 : -Errno.EFAULT;
    }

    private long SysFutex(ulong uaddr, int op, uint val, ulong timeout)
    {
        int cmd = op & 0x7f; // without FUTEX_PRIVATE_FLAG / FUTEX_CLOCK_REALTIME
        switch (cmd)
        {
            case 0: // FUTEX_WAIT
            case 9: // FUTEX_WAIT_BITSET
                {
                    Span<byte> b = stackalloc byte[4];
                    if (!ReadGuest(uaddr, b)) return -Errno.EFAULT;
                    if (BinaryPrimitives.ReadUInt32LittleEndian(b) != val) return -Errno.EAGAIN;
                    if (timeout != 0) return -Errno.ETIMEDOUT;
                    // Nobody else can ever wake a lone thread: that is a deadlock in the program.
                    return Deadlock($"futex wait on 0x{uaddr:x} with no other thread to wake it");
                }
            case 1: // FUTEX_WAKE
            case 10: // FUTEX_WAKE_BITSET
            case 3: // FUTEX_REQUEUE
            case 4: // FUTEX_CMP_REQUEUE
                return 0;
            default:
                return -Errno.ENOSYS;
        }
    }
}
