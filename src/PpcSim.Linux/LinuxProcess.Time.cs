using System.Buffers.Binary;

namespace PpcSim.Linux;

// Time comes from the simulated timebase (POWER9: 512 MHz), which advances with the retired
// instruction count and by whatever the guest sleeps: no host clock reaches the guest.
public sealed partial class LinuxProcess
{
    public const ulong TimebaseHz = 512_000_000;
    /// <summary>Wall-clock time at timebase 0: 2024-01-01T00:00:00Z.</summary>
    public const long RealtimeEpochSeconds = 1_704_067_200;
    /// <summary>Monotonic/boot clocks start as if the machine had been up this long.</summary>
    private const ulong BootUptimeNs = 100_000_000_000;

    /// <summary>Nanoseconds of simulated time since the program started (sleeps included).</summary>
    public ulong ElapsedNs => TicksToNs(_sched.Ticks);

    private ulong CpuNs => TicksToNs(Cpu.Instructions);

    private static ulong TicksToNs(ulong ticks) => (ulong)((UInt128)ticks * 125 / 64);

    private static ulong NsToTicks(ulong ns) => (ulong)((UInt128)ns * 64 / 125);

    private bool ClockNs(int clock, out ulong ns)
    {
        switch (clock)
        {
            case 0: case 5: case 8: case 11: // REALTIME, REALTIME_COARSE, REALTIME_ALARM, TAI
                ns = (ulong)RealtimeEpochSeconds * 1_000_000_000 + ElapsedNs;
                return true;
            case 1: case 4: case 6: case 7: case 9: // MONOTONIC, _RAW, _COARSE, BOOTTIME, BOOTTIME_ALARM
                ns = BootUptimeNs + ElapsedNs;
                return true;
            case 2: case 3: // PROCESS_CPUTIME_ID, THREAD_CPUTIME_ID
                ns = CpuNs;
                return true;
            default:
                ns = 0;
                return false;
        }
    }

    private bool WriteTimespec(ulong addr, ulong ns)
    {
        Span<byte> b = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(b, ns / 1_000_000_000);
        BinaryPrimitives.WriteUInt64LittleEndian(b[8..], ns % 1_000_000_000);
        return WriteGuest(addr, b);
    }

    private bool ReadTimespec(ulong addr, out ulong ns)
    {
        ns = 0;
        Span<byte> b = stackalloc byte[16];
        if (!ReadGuest(addr, b)) return false;
        long sec = BinaryPrimitives.ReadInt64LittleEndian(b);
        long nsec = BinaryPrimitives.ReadInt64LittleEndian(b[8..]);
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000) return false;
        ns = (ulong)sec * 1_000_000_000 + (ulong)nsec;
        return true;
    }

    private long SysClockGettime(int clock, ulong tp)
    {
        if (!ClockNs(clock, out ulong ns)) return -Errno.EINVAL;
        return WriteTimespec(tp, ns) ? 0 : -Errno.EFAULT;
    }

    private long SysClockGetres(int clock, ulong tp)
    {
        if (!ClockNs(clock, out _)) return -Errno.EINVAL;
        if (tp == 0) return 0;
        ulong res = clock is 5 or 6 ? 4_000_000UL : 1UL; // coarse clocks tick with jiffies (HZ=250)
        return WriteTimespec(tp, res) ? 0 : -Errno.EFAULT;
    }

    private long SysGettimeofday(ulong tv, ulong tz)
    {
        ClockNs(0, out ulong ns);
        if (tv != 0)
        {
            Span<byte> b = stackalloc byte[16];
            BinaryPrimitives.WriteUInt64LittleEndian(b, ns / 1_000_000_000);
            BinaryPrimitives.WriteUInt64LittleEndian(b[8..], ns % 1_000_000_000 / 1000);
            if (!WriteGuest(tv, b)) return -Errno.EFAULT;
        }
        if (tz != 0 && !WriteGuest(tz, new byte[8])) return -Errno.EFAULT;
        return 0;
    }

    private long SysTime(ulong tloc)
    {
        ClockNs(0, out ulong ns);
        ulong sec = ns / 1_000_000_000;
        if (tloc != 0 && !WriteU64(tloc, sec)) return -Errno.EFAULT;
        return (long)sec;
    }

    private void SleepNs(ulong ns) => _sched.SleptTicks += NsToTicks(ns);

    private long SysNanosleep(ulong req, ulong rem)
    {
        if (!ReadTimespec(req, out ulong ns)) return -Errno.EINVAL;
        SleepNs(ns);
        return 0;
    }

    private long SysClockNanosleep(int clock, int flags, ulong req, ulong rem)
    {
        if (!ClockNs(clock, out ulong now)) return -Errno.EINVAL;
        if (!ReadTimespec(req, out ulong ns)) return -Errno.EINVAL;
        if ((flags & 1) != 0) ns = ns > now ? ns - now : 0; // TIMER_ABSTIME
        SleepNs(ns);
        return 0;
    }

    private long SysTimes(ulong buf)
    {
        ulong ticks = CpuNs / 10_000_000; // USER_HZ = 100
        if (buf != 0)
        {
            var b = new byte[32];
            BinaryPrimitives.WriteUInt64LittleEndian(b, ticks);
            if (!WriteGuest(buf, b)) return -Errno.EFAULT;
        }
        return (long)((BootUptimeNs + ElapsedNs) / 10_000_000);
    }

    private long SysGetrusage(int who, ulong usage)
    {
        if (who is not (0 or -1 or 1)) return -Errno.EINVAL;
        var b = new byte[144];
        if (who != -1)
        {
            ulong ns = CpuNs;
            BinaryPrimitives.WriteUInt64LittleEndian(b, ns / 1_000_000_000);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), ns % 1_000_000_000 / 1000);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), (ulong)Memory.MappedPages * 4); // ru_maxrss in KiB
        }
        return WriteGuest(usage, b) ? 0 : -Errno.EFAULT;
    }
}
