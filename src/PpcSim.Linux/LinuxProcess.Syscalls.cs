namespace PpcSim.Linux;

// System call entry (Linux ppc64 ABI): number in r0, arguments in r3-r8; the result goes to
// r3, and a failure sets CR0[SO] and returns the positive errno (arch/powerpc/kernel/entry).
public sealed partial class LinuxProcess
{
    private const uint SysRtSigreturn = 172;

    private void DoSyscall()
    {
        ulong nr = Cpu.Gpr[0];
        ulong a0 = Cpu.Gpr[3], a1 = Cpu.Gpr[4], a2 = Cpu.Gpr[5], a3 = Cpu.Gpr[6], a4 = Cpu.Gpr[7], a5 = Cpu.Gpr[8];
        if (nr == SysRtSigreturn)
        {
            SysRtSigreturnImpl();
            return;
        }
        if (_vforkChild != null)
        {
            // The parent of a vfork resumes once the child has exec'd or exited (Linux CLONE_VFORK).
            if (_vforkChild.ExitCode is null && !_vforkChild._execed)
            {
                _blockedInSyscall = true;
                return;
            }
            long child = _vforkChild.Pid;
            _vforkChild = null;
            _blockedInSyscall = false;
            SetSyscallResult(child);
            return;
        }
        long ret = Dispatch(nr, a0, a1, a2, a3, a4, a5);
        if (_options.Strace && ret != PipeFile.WouldBlock) Diag($"[{Pid}] syscall {nr}(0x{a0:x}, 0x{a1:x}, 0x{a2:x}, 0x{a3:x}) = {ret}");
        if (ExitCode is not null) return;
        _blockedInSyscall = ret == PipeFile.WouldBlock;
        if (_blockedInSyscall || ret == ExecDone) return;
        SetSyscallResult(ret);
    }

    private void SetSyscallResult(long ret)
    {
        if (ret < 0 && ret > -4096)
        {
            Cpu.Gpr[3] = (ulong)(-ret);
            Cpu.Cr |= 1u << 28;
        }
        else
        {
            Cpu.Gpr[3] = (ulong)ret;
            Cpu.Cr &= ~(1u << 28);
        }
    }

    private long Dispatch(ulong nr, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5)
    {
        const long AtFdCwd = -100;
        int fd = (int)a0;
        switch (nr)
        {
            case 1: // exit
            case 234: // exit_group
                Exit((int)a0);
                return 0;
            case 3: return SysRead(fd, a1, a2);
            case 4: return SysWrite(fd, a1, a2);
            case 5: return SysOpenAt(AtFdCwd, a0, (int)a1, (uint)a2);
            case 6: return CloseFd(fd);
            case 9: return SysLinkAt(AtFdCwd, a0, AtFdCwd, a1, 0);
            case 10: return SysUnlinkAt(AtFdCwd, a0, 0);
            case 12: return SysChdir(a0);
            case 13: return SysTime(a0);
            case 15: return SysFchmodAt(AtFdCwd, a0, (uint)a1);
            case 19: return SysLseek(fd, (long)a1, (int)a2);
            case 20: return Pid;
            case 24: return s_uid;
            case 27: return 0; // alarm: no timers fire in a simulated process
            case 33: return SysFaccessAt(AtFdCwd, a0, (int)a1, 0);
            case 36: return 0; // sync
            case 37: return SysKill((int)a0, (int)a1);
            case 38: return SysRenameAt(AtFdCwd, a0, AtFdCwd, a1, 0);
            case 39: return SysMkdirAt(AtFdCwd, a0, (uint)a1);
            case 40: return SysUnlinkAt(AtFdCwd, a0, HostLibc.AtRemoveDir);
            case 41: return SysDup(fd);
            case 42: return SysPipe2(a0, 0);
            case 43: return SysTimes(a0);
            case 45: return SysBrk(a0);
            case 47: return s_gid;
            case 49: return s_euid;
            case 50: return s_egid;
            case 54: return SysIoctl(fd, (uint)a1, a2);
            case 55: return SysFcntl(fd, (int)a1, a2);
            case 57: return 0; // setpgid
            case 60: { uint old = _umask; _umask = (uint)a0 & 0x1ff; return old; }
            case 63: return SysDup2(fd, (int)a1);
            case 64: return _parent?.Pid ?? GuestPpid;
            case 65: return GuestPid; // getpgrp
            case 66: return GuestPid; // setsid
            case 76: // getrlimit
            case 190: // ugetrlimit
                return SysPrlimit(0, (int)a0, 0, a1);
            case 77: return SysGetrusage((int)a0, a1);
            case 78: return SysGettimeofday(a0, a1);
            case 80: return 0; // getgroups: none
            case 83: return SysSymlinkAt(a0, AtFdCwd, a1);
            case 85: return SysReadlinkAt(AtFdCwd, a0, a1, a2);
            case 90: return SysMmap(a0, a1, a2, a3, (int)a4, a5);
            case 91: return SysMunmap(a0, a1);
            case 93: return SysFtruncate(fd, (long)a1);
            case 94: return SysFchmod(fd, (uint)a1);
            case 95: return 0; // fchown
            case 106: return SysFstatat(AtFdCwd, a0, a1, 0); // stat
            case 107: return SysFstatat(AtFdCwd, a0, a1, HostLibc.AtSymlinkNofollow); // lstat
            case 108: return SysFstat(fd, a1);
            case 114: return SysWait4((int)a0, a1, (int)a2, a3);
            case 2: return SysClone(17, 0, 0, 0, 0); // fork
            case 189: return SysClone(0x4000 | 0x100 | 17, 0, 0, 0, 0); // vfork
            case 120: return SysClone(a0, a1, a2, a3, a4);
            case 11: return SysExecve(a0, a1, a2);
            case 116: return SysSysinfo(a0);
            case 118: return SysFsync(fd, false);
            case 122: return SysUname(a0);
            case 125: return SysMprotect(a0, a1, a2);
            case 132: return GuestPid; // getpgid
            case 133: return SysFchdir(fd);
            case 136: return 0; // personality: PER_LINUX
            case 144: return 0; // msync: mappings are private snapshots
            case 140: // _llseek(fd, offset_high, offset_low, loff_t *result, whence): what glibc's lseek uses on ppc64
                {
                    long r = SysLseek(fd, (long)((a1 << 32) | (uint)a2), (int)a4);
                    if (r < 0) return r;
                    return WriteU64(a3, (ulong)r) ? 0 : -Errno.EFAULT;
                }
            case 145: return SysReadv(fd, a1, a2);
            case 146: return SysWritev(fd, a1, a2);
            case 147: return GuestPid; // getsid
            case 148: return SysFsync(fd, true);
            case 150: return 0; // mlock
            case 158: return 0; // sched_yield
            case 162: return SysNanosleep(a0, a1);
            case 163: return SysMremap(a0, a1, a2, a3, a4);
            case 165: return WriteU32(a0, s_uid) && WriteU32(a1, s_euid) && WriteU32(a2, s_euid) ? 0 : -Errno.EFAULT;
            case 167: return SysPoll(a0, a1, (int)a2);
            case 170: return WriteU32(a0, s_gid) && WriteU32(a1, s_egid) && WriteU32(a2, s_egid) ? 0 : -Errno.EFAULT;
            case 173: return SysRtSigaction((int)a0, a1, a2, a3);
            case 174: return SysRtSigprocmask((int)a0, a1, a2, a3);
            case 175: return SysRtSigpending(a0, a1);
            case 176: return SysRtSigtimedwait(a0, a1, a2, a3);
            case 178: return SysRtSigsuspend(a0, a1);
            case 29: return Deadlock("pause with no signal that can arrive"); // pause
            case 179: return SysPread(fd, a1, a2, (long)a3);
            case 180: return SysPwrite(fd, a1, a2, (long)a3);
            case 182: return SysGetcwd(a0, a1);
            case 185: return SysSigaltstack(a0, a1);
            case 202: return SysGetdents64(fd, a1, a2);
            case 205: return SysMadvise(a0, a1, a2);
            case 207: return Pid; // gettid
            case 208: return SysTgkill(-1, (int)a0, (int)a1); // tkill
            case 221: return SysFutex(a0, (int)a1, (uint)a2, a3);
            case 223: return SysSchedGetaffinity((int)a0, a1, a2);
            case 232: _clearChildTid = a0; return Pid; // set_tid_address
            case 233: return 0; // fadvise64
            case 246: return SysClockGettime((int)a0, a1);
            case 247: return SysClockGetres((int)a0, a1);
            case 248: return SysClockNanosleep((int)a0, (int)a1, a2, a3);
            case 250: return SysTgkill((int)a0, (int)a1, (int)a2);
            case 286: return SysOpenAt((int)a0, a1, (int)a2, (uint)a3);
            case 287: return SysMkdirAt((int)a0, a1, (uint)a2);
            case 289: return SysFchownAt((int)a0, a1, (uint)a2, (uint)a3, (int)a4);
            case 291: return SysFstatat((int)a0, a1, a2, (int)a3);
            case 292: return SysUnlinkAt((int)a0, a1, (int)a2);
            case 293: return SysRenameAt((int)a0, a1, (int)a2, a3, 0);
            case 294: return SysLinkAt((int)a0, a1, (int)a2, a3, (int)a4);
            case 295: return SysSymlinkAt(a0, (int)a1, a2);
            case 296: return SysReadlinkAt((int)a0, a1, a2, a3);
            case 297: return SysFchmodAt((int)a0, a1, (uint)a2);
            case 298: return SysFaccessAt((int)a0, a1, (int)a2, 0);
            case 300: return 0; // set_robust_list: nothing to clean up without threads
            case 304: return SysUtimensAt((int)a0, a1, a2, (int)a3);
            case 316: return SysDup3(fd, (int)a1, (int)a2);
            case 317: return SysPipe2(a0, (int)a1);
            case 325: return SysPrlimit((long)a0, (int)a1, a2, a3);
            case 357: return SysRenameAt((int)a0, a1, (int)a2, a3, (uint)a4);
            case 359: return SysGetrandom(a0, a1);
            case 383: return SysStatx((int)a0, a1, (int)a2, a4);
            case 439: return SysFaccessAt((int)a0, a1, (int)a2, (int)a3);
            case 387: // rseq: glibc copes with ENOSYS, as it does under qemu (not listed as unknown)
                return -Errno.ENOSYS;
            default:
                if (!UnknownSyscalls.Contains(nr)) UnknownSyscalls.Add(nr);
                return -Errno.ENOSYS;
        }
    }
}
