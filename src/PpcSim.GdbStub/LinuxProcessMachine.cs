using PpcSim.Core;
using PpcSim.Linux;
using PpcSim.Memory;

namespace PpcSim.GdbStub;

/// <summary>
/// <see cref="IRecordableMachine"/> for a user-mode <see cref="LinuxProcess"/> (one thread).
/// Effects of a system call or signal delivery are the Cpu state afterwards plus the pages the
/// kernel side touched (PagedMemory's journal), shared copy-on-write. The two sources the guest
/// reads between system calls that are not pure simulation are routed through here as well:
/// the timebase (instruction count plus time slept in nanosleep, which only system calls change)
/// and darn (numbers drawn from the process's seeded generator, which system calls share), so
/// replay sees the same values without disturbing the live generator.
/// </summary>
public sealed class LinuxProcessMachine : IRecordableMachine
{
    private readonly LinuxProcess _process;
    private readonly Func<ulong> _liveTimebase;
    private readonly Func<ulong> _liveRandom;
    private readonly List<ulong> _darnLog = [];
    private int _darnIndex;
    private ulong _tbOffset;

    private sealed record Snapshot(CpuState Cpu, MemoryState Memory, int DarnIndex, ulong TbOffset);

    private sealed record Effects(CpuState Cpu, (ulong Page, PageImage? Image)[] Pages, ulong TbOffset);

    public LinuxProcessMachine(LinuxProcess process)
    {
        _process = process;
        Cpu = process.Cpu;
        Threads = [Cpu];
        _liveTimebase = Cpu.ReadTimebase;
        _liveRandom = Cpu.RandomSource;
        _tbOffset = _liveTimebase() - Cpu.Instructions;
        Cpu.ReadTimebase = () => Cpu.Instructions + _tbOffset;
        Cpu.RandomSource = NextRandom;
    }

    public Cpu Cpu { get; }
    public PagedMemory Memory => _process.Memory;
    public IReadOnlyList<Cpu> Threads { get; }
    public ulong Position => Cpu.Instructions;
    public int? ExitCode => _process.ExitCode;
    public int? TerminatingSignal => _process.TerminatingSignal is { } s ? GdbSignal.FromLinux(s) : null;

    private ulong NextRandom()
    {
        if (_darnIndex < _darnLog.Count) return _darnLog[_darnIndex++];
        ulong v = _liveRandom();
        _darnLog.Add(v);
        _darnIndex++;
        return v;
    }

    public int Run(ulong budget)
    {
        Cpu.Run((long)Math.Min(budget, long.MaxValue));
        return Cpu.Pending == Interrupt.None ? -1 : 0;
    }

    public int PendingSignal(int thread)
    {
        int sig = _process.PendingFaultSignal();
        return sig == 0 ? 0 : GdbSignal.FromLinux(sig);
    }

    public object ServiceAndRecord(int thread) => Record(_process.ServicePending);

    public object EditAndRecord(Action edit) => Record(edit);

    private Effects Record(Action action)
    {
        ulong[] touched;
        Memory.BeginJournal();
        try
        {
            action();
        }
        finally
        {
            touched = Memory.EndJournal();
        }
        _tbOffset = _liveTimebase() - Cpu.Instructions;
        var pages = touched.Select(p => (p, Memory.CapturePage(p))).ToArray();
        return new Effects(Cpu.SaveState(), pages, _tbOffset);
    }

    public void Replay(object effects)
    {
        var e = (Effects)effects;
        foreach (var (page, image) in e.Pages) Memory.RestorePage(page, image);
        Cpu.RestoreState(e.Cpu);
        _tbOffset = e.TbOffset;
    }

    public object Save() => new Snapshot(Cpu.SaveState(), Memory.SaveState(), _darnIndex, _tbOffset);

    public void Restore(object snapshot)
    {
        var s = (Snapshot)snapshot;
        Memory.RestoreState(s.Memory);
        Cpu.RestoreState(s.Cpu);
        _darnIndex = s.DarnIndex;
        _tbOffset = s.TbOffset;
    }

    public int ReadMemory(ulong address, Span<byte> destination)
    {
        int n = 0;
        while (n < destination.Length)
        {
            ulong a = address + (ulong)n;
            int chunk = (int)Math.Min((ulong)(destination.Length - n), PagedMemory.PageSize - (a & (PagedMemory.PageSize - 1)));
            if (!Memory.ReadBytes(a, destination.Slice(n, chunk))) break;
            n += chunk;
        }
        return n;
    }

    // Check with no required protection = "every page is mapped": a partial write must not happen.
    public bool WriteMemory(ulong address, ReadOnlySpan<byte> data)
        => Memory.Check(address, (ulong)data.Length, PageProtection.None) && Memory.WriteBytes(address, data);
}
