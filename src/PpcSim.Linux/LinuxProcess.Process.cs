using System.Buffers.Binary;
using System.Text;
using PpcSim.Core;
using PpcSim.Core.Random;
using PpcSim.Memory;

namespace PpcSim.Linux;

// Processes: fork/vfork/clone (copying the address space), execve of another static ppc64le
// ELF, exit and wait4. Children run in the same deterministic scheduler as their parent.
public sealed partial class LinuxProcess
{
    private const long ExecDone = long.MinValue + 1;
    private const ulong CloneVm = 0x100, CloneVfork = 0x4000, CloneThread = 0x10000, CloneSettls = 0x80000,
        CloneParentSettid = 0x100000, CloneChildCleartid = 0x200000, CloneChildSettid = 0x1000000;

    private bool _blockedInSyscall;
    private LinuxProcess? _vforkChild;
    private bool _execed;
    private bool _exitHandled;
    private ulong _clearChildTid;

    /// <summary>The child of a fork: a copy of <paramref name="parent"/> (memory, registers, fds, signal state).</summary>
    private LinuxProcess(LinuxProcess parent, uint pid)
    {
        _parent = parent;
        Pid = pid;
        _sched = parent._sched;
        _elf = parent._elf;
        _options = parent._options;
        _diag = parent._diag;
        _exePath = parent._exePath;
        _random = new Xoshiro256StarStar(parent._options.Seed ^ ((ulong)pid << 32));
        LoadBias = parent.LoadBias;
        Memory = new PagedMemory();
        foreach (var (start, end) in parent._vmas)
        {
            Memory.Map(start, end - start, PageProtection.ReadWrite);
            var chunk = new byte[64 * 1024];
            for (ulong a = start; a < end; a += (ulong)chunk.Length)
            {
                var span = chunk.AsSpan(0, (int)Math.Min((ulong)chunk.Length, end - a));
                parent.Memory.ReadBytes(a, span);
                Memory.WriteBytes(a, span);
            }
            for (ulong a = start; a < end; a += PageMask + 1)
            {
                var prot = parent.Memory.ProtectionAt(a);
                if (prot != PageProtection.ReadWrite) Memory.Protect(a, PageMask + 1, prot);
            }
            _vmas.Add((start, end));
        }
        Cpu = NewCpu(Memory);
        var pc = parent.Cpu;
        for (int i = 0; i < 32; i++) Cpu.Gpr[i] = pc.Gpr[i];
        for (int i = 0; i < 64; i++) Cpu.Vsr[i] = pc.Vsr[i];
        Cpu.Cr = pc.Cr;
        Cpu.Lr = pc.Lr;
        Cpu.Ctr = pc.Ctr;
        Cpu.Tar = pc.Tar;
        Cpu.Xer = pc.Xer;
        Cpu.Fpscr = pc.Fpscr;
        Cpu.Vscr = pc.Vscr;
        Cpu.Vrsave = pc.Vrsave;
        Cpu.Dscr = pc.Dscr;
        Cpu.Ppr = pc.Ppr;
        Cpu.SetMsr(pc.Msr);
        Cpu.Pc = pc.Pc;
        foreach (var (fd, e) in parent._fds)
        {
            _fds[fd] = new FdEntry(e.File, e.CloExec);
            e.File.References++;
        }
        _cwdFd = HostLibc.Fcntl(parent._cwdFd, FDupfdCloexec, 3);
        _cwd = parent._cwd;
        _umask = parent._umask;
        Array.Copy(parent._actions, _actions, _actions.Length);
        _blocked = parent._blocked;
        _altSp = parent._altSp;
        _altSize = parent._altSize;
        _altFlags = parent._altFlags;
        _trampMapped = parent._trampMapped;
        _brkStart = parent._brkStart;
        _brk = parent._brk;
        Array.Copy(parent._rlimits, _rlimits, _rlimits.Length);
        InitialStackPointer = parent.InitialStackPointer;
    }

    private long SysClone(ulong flags, ulong newSp, ulong parentTid, ulong tls, ulong childTid)
    {
        if ((flags & CloneThread) != 0) return -Errno.ENOSYS; // no threads: glibc reports the failure
        uint pid = _sched.NextPid++;
        var child = new LinuxProcess(this, pid);
        _sched.All.Add(child);
        // The child returns 0 from the system call, with CR0[SO] clear.
        child.Cpu.Gpr[3] = 0;
        child.Cpu.Cr &= ~(1u << 28);
        if (newSp != 0) child.Cpu.Gpr[1] = newSp;
        if ((flags & CloneSettls) != 0) child.Cpu.Gpr[13] = tls;
        if ((flags & CloneParentSettid) != 0)
        {
            WriteU32(parentTid, pid);
            child.WriteU32(parentTid, pid);
        }
        if ((flags & CloneChildSettid) != 0) child.WriteU32(childTid, pid);
        if ((flags & CloneChildCleartid) != 0) child._clearChildTid = childTid;
        if ((flags & CloneVfork) != 0)
        {
            _vforkChild = child;
            return PipeFile.WouldBlock;
        }
        return pid;
    }

    /// <summary>Called once when this process has ended: closes its files, tells its parent.</summary>
    private void OnExit()
    {
        if (_exitHandled) return;
        _exitHandled = true;
        foreach (var fd in _fds.Keys.ToList()) CloseFd(fd);
        if (_cwdFd >= 0 && _parent != null) HostLibc.Close(_cwdFd);
        _parent?.RaiseSignal(17, SigInfo(17, 1)); // SIGCHLD, CLD_EXITED
    }

    private long SysWait4(int pid, ulong statusAddr, int options, ulong rusage)
    {
        const int WNohang = 1;
        var kids = _sched.All.Where(p => p._parent == this && (pid <= 0 || p.Pid == pid)).ToList();
        if (kids.Count == 0) return -Errno.ECHILD;
        var z = kids.FirstOrDefault(k => k._exitHandled);
        if (z == null) return (options & WNohang) != 0 ? 0 : PipeFile.WouldBlock;
        // Linux wait status: exit code in bits 8-15, or the killing signal in bits 0-6.
        uint status = z.TerminatingSignal is int sig ? (uint)sig : (uint)(z.ExitCode!.Value & 0xff) << 8;
        if (statusAddr != 0 && !WriteU32(statusAddr, status)) return -Errno.EFAULT;
        if (rusage != 0) WriteGuest(rusage, new byte[144]);
        _sched.RetiredElsewhere += z.Cpu.Instructions;
        _sched.All.Remove(z);
        return z.Pid;
    }

    private List<string>? ReadStringArray(ulong addr)
    {
        var list = new List<string>();
        if (addr == 0) return list;
        for (ulong i = 0; i < 4096; i++)
        {
            if (!ReadU64(addr + i * 8, out ulong p)) return null;
            if (p == 0) return list;
            var s = ReadCString(p, 128 * 1024);
            if (s == null) return null;
            list.Add(Encoding.UTF8.GetString(s));
        }
        return null;
    }

    private long SysExecve(ulong pathAddr, ulong argvAddr, ulong envpAddr)
    {
        var pathBytes = ReadCString(pathAddr);
        if (pathBytes == null) return -Errno.EFAULT;
        var argv = ReadStringArray(argvAddr);
        var envp = ReadStringArray(envpAddr);
        if (argv == null || envp == null) return -Errno.EFAULT;
        string path = Encoding.UTF8.GetString(pathBytes);
        string host = path == "/proc/self/exe" ? _exePath : Path.Combine(_cwd, path);
        if (!File.Exists(host)) return Directory.Exists(host) ? -Errno.EACCES : -Errno.ENOENT;
        ElfImage img;
        try
        {
            img = ElfImage.Load(host);
        }
        catch (ElfFormatException)
        {
            // Only static ppc64le programs can run here (a #! script makes the shell run it itself).
            return -Errno.ENOEXEC;
        }
        _sched.RetiredElsewhere += Cpu.Instructions;
        foreach (var (fd, e) in _fds.ToList())
            if (e.CloExec) CloseFd(fd);
        for (int sig = 1; sig <= NSig; sig++)
            if (_actions[sig].Handler != SigIgn) _actions[sig] = default;
        _altFlags = SsDisable;
        _altSp = _altSize = 0;
        _pendingSignals &= _blocked;
        _vmas.Clear();
        _trampMapped = false;
        _elf = img;
        _exePath = img.Path ?? host;
        Memory = new PagedMemory();
        Cpu = NewCpu(Memory);
        LoadImage();
        SetupStack(argv, envp);
        _execed = true;
        return ExecDone;
    }
}
