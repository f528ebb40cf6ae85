using System.Text;
using PpcSim.Core;
using PpcSim.Memory;

namespace PpcSim.Linux;

/// <summary>
/// Runs one static ppc64le Linux program in user mode, as qemu-ppc64le does: loads the ELF,
/// builds the ELFv2 initial stack and auxiliary vector, and services system calls.
/// </summary>
public sealed partial class LinuxProcess
{
    private const ulong StackTop = 0x0000_7fff_f000_0000UL;
    private const ulong StackSize = 8UL << 20;

    private readonly ElfImage _elf;
    private readonly Stream _stdout;
    private readonly Stream _stderr;

    public LinuxProcess(ElfImage elf, IReadOnlyList<string> argv, IReadOnlyList<string> envp, Stream stdout, Stream stderr)
    {
        _elf = elf;
        _stdout = stdout;
        _stderr = stderr;
        Memory = new PagedMemory();
        Cpu = new Cpu(Memory);
        Load();
        SetupStack(argv, envp);
    }

    public PagedMemory Memory { get; }
    public Cpu Cpu { get; }
    public int? ExitCode { get; private set; }
    /// <summary>Syscall numbers that returned -ENOSYS, in first-seen order.</summary>
    public List<ulong> UnknownSyscalls { get; } = [];

    private void Load()
    {
        foreach (var seg in _elf.Segments)
        {
            var prot = PageProtection.None;
            if ((seg.Flags & 4) != 0) prot |= PageProtection.Read;
            if ((seg.Flags & 2) != 0) prot |= PageProtection.Write;
            if ((seg.Flags & 1) != 0) prot |= PageProtection.Execute;
            Memory.Map(seg.VirtualAddress, seg.MemorySize, PageProtection.ReadWrite);
            Memory.WriteBytes(seg.VirtualAddress, seg.FileData);
            Memory.Protect(seg.VirtualAddress & ~0xfffUL, ((seg.VirtualAddress & 0xfff) + seg.MemorySize + 0xfff) & ~0xfffUL, prot);
        }
        Cpu.Pc = _elf.Entry;
    }

    private void SetupStack(IReadOnlyList<string> argv, IReadOnlyList<string> envp)
    {
        Memory.Map(StackTop - StackSize, StackSize, PageProtection.ReadWrite);
        ulong sp = StackTop;
        ulong PushString(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s + "\0");
            sp -= (ulong)bytes.Length;
            Memory.WriteBytes(sp, bytes);
            return sp;
        }
        var argPtrs = argv.Select(PushString).ToList();
        var envPtrs = envp.Select(PushString).ToList();
        sp &= ~15UL;
        var words = new List<ulong> { (ulong)argv.Count };
        words.AddRange(argPtrs);
        words.Add(0);
        words.AddRange(envPtrs);
        words.Add(0);
        words.AddRange([6, 4096, 0, 0]); // AT_PAGESZ, AT_NULL
        sp -= (ulong)words.Count * 8;
        sp &= ~15UL;
        for (int i = 0; i < words.Count; i++) Memory.WriteBytes(sp + (ulong)i * 8, BitConverter.GetBytes(words[i]));
        Cpu.Gpr[1] = sp;
    }

    /// <summary>Runs to exit; returns the exit status as a shell would see it.</summary>
    public int Run()
    {
        while (ExitCode is null)
        {
            Cpu.Run(1 << 20);
            switch (Cpu.Pending)
            {
                case Interrupt.None:
                    break;
                case Interrupt.SystemCall:
                    Cpu.ClearPending();
                    DoSyscall();
                    break;
                default:
                    _stderr.Write(Encoding.UTF8.GetBytes($"ppcsim: guest interrupt {Cpu.Pending} at 0x{Cpu.PendingPc:x}\n"));
                    ExitCode = 128 + 4;
                    break;
            }
        }
        return ExitCode.Value;
    }

    private void DoSyscall()
    {
        ulong nr = Cpu.Gpr[0];
        ulong a0 = Cpu.Gpr[3], a1 = Cpu.Gpr[4], a2 = Cpu.Gpr[5];
        long ret;
        switch (nr)
        {
            case 4: // write
                {
                    var buf = new byte[a2];
                    if (!Memory.ReadBytes(a1, buf)) { ret = -14; break; }
                    (a0 == 2 ? _stderr : _stdout).Write(buf);
                    ret = (long)a2;
                    break;
                }
            case 1:
            case 234: // exit, exit_group
                ExitCode = (int)(a0 & 0xff);
                return;
            default:
                if (!UnknownSyscalls.Contains(nr)) UnknownSyscalls.Add(nr);
                ret = -38;
                break;
        }
        // Linux/ppc64 syscall ABI: failure sets CR0[SO] and returns the positive errno in r3.
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
}
