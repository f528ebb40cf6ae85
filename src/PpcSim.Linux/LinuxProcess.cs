using System.Text;
using PpcSim.Core;
using PpcSim.Core.Random;
using PpcSim.Memory;

namespace PpcSim.Linux;

/// <summary>
/// Runs one static ppc64le Linux program in user mode, as qemu-ppc64le does: loads the ELF,
/// builds the ELFv2 initial stack and auxiliary vector, services system calls on the host's
/// file system and delivers signals. Nothing from the host clock or host randomness reaches the
/// guest: time comes from the instruction count, random bytes from a seeded generator.
/// The partial files split the system calls by area (Files, Memory, Signals, Time, System).
/// </summary>
public sealed partial class LinuxProcess
{
    private ElfImage _elf;
    private readonly LinuxOptions _options;
    private readonly TextWriter _diag;
    private readonly Xoshiro256StarStar _random;
    private string _exePath;
    private readonly GuestScheduler _sched;
    private readonly LinuxProcess? _parent;

    public LinuxProcess(ElfImage elf, IReadOnlyList<string> argv, IReadOnlyList<string> envp, Stream stdout, Stream stderr)
        : this(elf, argv, envp, new LinuxOptions { Stdout = stdout, Stderr = stderr, Stdin = Stream.Null })
    {
    }

    public LinuxProcess(ElfImage elf, IReadOnlyList<string> argv, IReadOnlyList<string> envp, LinuxOptions? options = null)
    {
        _elf = elf;
        _options = options ?? new LinuxOptions();
        _diag = _options.Diagnostics ?? Console.Error;
        _random = new Xoshiro256StarStar(_options.Seed);
        _exePath = _options.ExecutablePath ?? elf.Path ?? (argv.Count > 0 ? Path.GetFullPath(argv[0]) : "/");
        Pid = GuestPid;
        _sched = new GuestScheduler();
        _sched.All.Add(this);
        Memory = new PagedMemory();
        Cpu = NewCpu(Memory);
        InitFiles();
        LoadImage();
        SetupStack(argv, envp);
    }

    public PagedMemory Memory { get; private set; }
    public Cpu Cpu { get; private set; }
    /// <summary>This process's pid (the first process is <see cref="GuestPid"/>).</summary>
    public uint Pid { get; }
    /// <summary>Instructions retired by this process and every process it forked.</summary>
    public ulong TotalInstructions => _sched.TotalInstructions;

    private Cpu NewCpu(PagedMemory memory) => new(memory)
    {
        ReadTimebase = () => _sched.Ticks,
        RandomSource = _random.Next,
    };
    /// <summary>The exit status as a shell sees it (128+N after a fatal signal N); null while running.</summary>
    public int? ExitCode { get; private set; }
    /// <summary>The signal that ended the program, if one did.</summary>
    public int? TerminatingSignal { get; private set; }
    /// <summary>Syscall numbers that returned -ENOSYS, in first-seen order.</summary>
    public List<ulong> UnknownSyscalls { get; } = [];
    /// <summary>Load bias applied to an ET_DYN (static-pie) image; 0 for ET_EXEC.</summary>
    public ulong LoadBias { get; private set; }

    /// <summary>
    /// Runs to exit (or until <paramref name="maxInstructions"/> retire in all processes);
    /// returns the exit status. Forked children run interleaved with it.
    /// </summary>
    public int Run(ulong maxInstructions = ulong.MaxValue)
    {
        if (_parent != null) throw new InvalidOperationException("only the first process is run directly");
        while (ExitCode is null && _sched.TotalInstructions < maxInstructions)
        {
            bool progress = false;
            foreach (var p in _sched.All.ToList())
            {
                if (p.ExitCode is not null) continue;
                progress |= p.RunSlice((long)Math.Min(GuestScheduler.Slice, maxInstructions - _sched.TotalInstructions));
                if (ExitCode is not null) break;
            }
            if (!progress && ExitCode is null)
                Deadlock("every guest process is waiting (pipe, wait4 or vfork) on another");
        }
        FlushStdio();
        return ExitCode ?? -1;
    }

    /// <summary>Runs this process for up to <paramref name="budget"/> instructions; false if it could not move.</summary>
    private bool RunSlice(long budget)
    {
        if (_blockedInSyscall)
        {
            if ((_pendingSignals & ~_blocked) != 0)
            {
                // A signal interrupts the wait (no SA_RESTART emulation: the call fails with EINTR).
                _blockedInSyscall = false;
                _vforkChild = null;
                SetSyscallResult(-Errno.EINTR);
                DeliverPendingSignals();
            }
            else
            {
                DoSyscall();
                if (_blockedInSyscall) return false;
                if (ExitCode is null && _pendingSignals != 0) DeliverPendingSignals();
            }
        }
        ulong start = Cpu.Instructions;
        while (ExitCode is null && !_blockedInSyscall && (long)(Cpu.Instructions - start) < budget)
        {
            Cpu.Run(budget - (long)(Cpu.Instructions - start));
            switch (Cpu.Pending)
            {
                case Interrupt.None:
                    break;
                case Interrupt.SystemCall:
                    Cpu.ClearPending();
                    DoSyscall();
                    break;
                default:
                    HandleFault();
                    break;
            }
            if (ExitCode is null && _pendingSignals != 0) DeliverPendingSignals();
        }
        if (ExitCode is not null) OnExit();
        return true;
    }

    private void Exit(int status)
    {
        ExitCode = status & 0xff;
    }

    private void Diag(string line)
    {
        _diag.WriteLine("ppcsim: " + line);
        _diag.Flush();
    }

    // ---- loading ----------------------------------------------------------------------------

    private void LoadImage()
    {
        // An ET_DYN without PT_INTERP is a static-pie: Linux places it at ELF_ET_DYN_BASE.
        LoadBias = _elf.Type == 3 ? DynLoadBase : 0;
        ulong end = 0;
        foreach (var seg in _elf.Segments)
        {
            var prot = PageProtection.None;
            if ((seg.Flags & 4) != 0) prot |= PageProtection.Read;
            if ((seg.Flags & 2) != 0) prot |= PageProtection.Write;
            if ((seg.Flags & 1) != 0) prot |= PageProtection.Execute;
            ulong va = seg.VirtualAddress + LoadBias;
            ulong pageStart = va & ~PageMask;
            ulong pageEnd = (va + seg.MemorySize + PageMask) & ~PageMask;
            Memory.Map(pageStart, pageEnd - pageStart, PageProtection.ReadWrite);
            Memory.WriteBytes(va, seg.FileData);
            Memory.Protect(pageStart, pageEnd - pageStart, prot);
            AddVma(pageStart, pageEnd);
            end = Math.Max(end, pageEnd);
        }
        _brkStart = _brk = end;
        Cpu.Pc = _elf.Entry + LoadBias;
    }

    internal static string SignalName(int sig) => sig switch
    {
        1 => "SIGHUP", 2 => "SIGINT", 3 => "SIGQUIT", 4 => "SIGILL", 5 => "SIGTRAP", 6 => "SIGABRT", 7 => "SIGBUS",
        8 => "SIGFPE", 9 => "SIGKILL", 10 => "SIGUSR1", 11 => "SIGSEGV", 12 => "SIGUSR2", 13 => "SIGPIPE",
        14 => "SIGALRM", 15 => "SIGTERM", 16 => "SIGSTKFLT", 17 => "SIGCHLD", 18 => "SIGCONT", 19 => "SIGSTOP",
        20 => "SIGTSTP", 21 => "SIGTTIN", 22 => "SIGTTOU", 23 => "SIGURG", 24 => "SIGXCPU", 25 => "SIGXFSZ",
        26 => "SIGVTALRM", 27 => "SIGPROF", 28 => "SIGWINCH", 29 => "SIGIO", 30 => "SIGPWR", 31 => "SIGSYS",
        _ => $"SIGRT{sig - 32}",
    };

    // ---- guest memory helpers for system calls ----------------------------------------------

    private bool ReadGuest(ulong addr, Span<byte> dest)
        => dest.Length == 0 || (Memory.Check(addr, (ulong)dest.Length, PageProtection.Read) && Memory.ReadBytes(addr, dest));

    private bool WriteGuest(ulong addr, ReadOnlySpan<byte> src)
        => src.Length == 0 || (Memory.Check(addr, (ulong)src.Length, PageProtection.Write) && Memory.WriteBytes(addr, src));

    private bool ReadU64(ulong addr, out ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        bool ok = ReadGuest(addr, b);
        v = ok ? BitConverter.ToUInt64(b) : 0;
        return ok;
    }

    private bool WriteU64(ulong addr, ulong v) => WriteGuest(addr, BitConverter.GetBytes(v));

    private bool WriteU32(ulong addr, uint v) => WriteGuest(addr, BitConverter.GetBytes(v));

    /// <summary>A NUL-terminated guest string (without the NUL), or null if it runs into unmapped memory.</summary>
    private byte[]? ReadCString(ulong addr, int max = 4096)
    {
        var bytes = new List<byte>();
        Span<byte> b = stackalloc byte[1];
        while (bytes.Count < max)
        {
            if (!ReadGuest(addr++, b)) return null;
            if (b[0] == 0) return [.. bytes];
            bytes.Add(b[0]);
        }
        return null;
    }

    private static string Utf8(byte[] s) => Encoding.UTF8.GetString(s);
}
