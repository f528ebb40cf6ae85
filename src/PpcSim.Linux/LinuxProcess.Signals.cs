using System.Buffers.Binary;
using PpcSim.Core;
using PpcSim.Memory;

namespace PpcSim.Linux;

// Signals (arch/powerpc/kernel/signal_64.c, kernel/signal.c): handlers, masks, the alternate
// stack, and the ppc64 rt signal frame. Faults become synchronous signals; an uncaught fatal
// signal ends the run with status 128+N, as the shell sees a qemu-ppc64le that died of it.
public sealed partial class LinuxProcess
{
    public const int SigIll = 4, SigTrap = 5, SigAbrt = 6, SigBus = 7, SigFpe = 8, SigKill = 9, SigSegv = 11, SigStop = 19;
    private const int NSig = 64;
    private const ulong SigDfl = 0, SigIgn = 1;
    private const ulong SaSiginfo = 4, SaOnstack = 0x0800_0000, SaNodefer = 0x4000_0000, SaResethand = 0x8000_0000;
    private const int SsOnstack = 1, SsDisable = 2;
    private const ulong MinSigStackSize = 8192;
    private const int SiUser = 0, SiTkill = -6;

    // rt_sigframe layout (signal_64.c, no transactional memory): ucontext, 2 unused longs,
    // trampoline words, pinfo, puc, siginfo, then the 512-byte ABI gap.
    private const int UcSigmask = 40, UcMcontext = 168, UcSize = 1696;
    private const int ScGpRegs = 64, ScFpRegs = 448, ScVRegsPtr = 712, ScVmxReserve = 720;
    private const int FramePinfo = 1744, FramePuc = 1752, FrameInfo = 1760, FrameSize = 2400;
    private const int SignalFrameSize = 128; // __SIGNAL_FRAMESIZE: the dummy caller frame below it

    /// <summary>A page holding "addi r1,r1,128; li r0,__NR_rt_sigreturn; sc" (what the vDSO's trampoline does).</summary>
    private const ulong SigTrampPage = 0x0000_7fff_f700_0000UL;

    private struct SigAction
    {
        public ulong Handler, Flags, Restorer, Mask;
    }

    private readonly SigAction[] _actions = new SigAction[NSig + 1];
    private ulong _blocked;
    private ulong _pendingSignals;
    private readonly byte[]?[] _pendingInfo = new byte[NSig + 1][];
    private ulong _altSp, _altSize;
    private int _altFlags = SsDisable;
    private bool _trampMapped;

    private static ulong Bit(int sig) => 1UL << (sig - 1);

    private static bool DefaultIgnores(int sig) => sig is 17 or 18 or 23 or 28 or (>= 19 and <= 22);

    private byte[] SigInfo(int sig, int code, ulong addr = 0, bool fromProcess = false)
    {
        var info = new byte[128];
        BinaryPrimitives.WriteInt32LittleEndian(info, sig);
        BinaryPrimitives.WriteInt32LittleEndian(info.AsSpan(8), code);
        if (fromProcess)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(16), Pid);
            BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(20), s_uid);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(info.AsSpan(16), addr);
        }
        return info;
    }

    // ---- faults -----------------------------------------------------------------------------

    private void HandleFault()
    {
        var kind = Cpu.Pending;
        ulong pc = Cpu.PendingPc, dar = Cpu.PendingDar, srr1 = Cpu.PendingSrr1;
        var fault = Cpu.PendingFault;
        bool unimplemented = Cpu.PendingUnimplemented;
        Cpu.ClearPending();
        Cpu.Pc = pc;
        int sig;
        int code;
        ulong addr = pc;
        string what;
        switch (kind)
        {
            case Interrupt.DataStorage:
                sig = SigSegv;
                code = fault == MemFault.Protection ? 2 : 1; // SEGV_ACCERR : SEGV_MAPERR
                addr = dar;
                what = $"data access to {(fault == MemFault.Protection ? "protected" : "unmapped")} address 0x{dar:x}";
                break;
            case Interrupt.InstructionStorage:
                sig = SigSegv;
                code = fault == MemFault.Protection ? 2 : 1;
                what = $"instruction fetch from {(fault == MemFault.Protection ? "non-executable" : "unmapped")} address 0x{pc:x}";
                break;
            case Interrupt.Alignment:
                sig = SigBus;
                code = 1; // BUS_ADRALN
                addr = dar;
                what = $"unaligned access to 0x{dar:x}";
                break;
            case Interrupt.Program when (srr1 & (ulong)ProgramReason.Trap) != 0:
                sig = SigTrap;
                code = 1; // TRAP_BRKPT, as Linux's program_check_exception reports a trap
                what = "trap instruction";
                break;
            case Interrupt.Program when (srr1 & (ulong)ProgramReason.FloatingPoint) != 0:
                sig = SigFpe;
                code = FpeCode();
                what = "floating-point enabled exception";
                break;
            case Interrupt.Program when (srr1 & (ulong)ProgramReason.PrivilegedInstruction) != 0:
                sig = SigIll;
                code = 5; // ILL_PRVOPC
                what = $"privileged instruction {InsnText(pc)}";
                break;
            default:
                sig = SigIll;
                code = 1; // ILL_ILLOPC
                what = $"illegal instruction {InsnText(pc)}";
                if (unimplemented)
                {
                    Diag($"{what} at 0x{pc:x} ({Describe(pc)}): PpcSim decodes it as {Cpu.PeekOp(pc, out _)} but does not implement it");
                }
                else if (kind != Interrupt.Program)
                {
                    what = $"interrupt {kind}";
                }
                break;
        }
        _faultDescription = $"{what} at pc 0x{pc:x} ({Describe(pc)})";
        ForceSignal(sig, SigInfo(sig, code, addr));
    }

    private string? _faultDescription;

    private string InsnText(ulong pc)
    {
        Span<byte> b = stackalloc byte[4];
        return Memory.ReadBytes(pc, b) ? $"0x{BinaryPrimitives.ReadUInt32LittleEndian(b):x8}" : "(unreadable)";
    }

    private string Describe(ulong pc) => _elf.Describe(pc - LoadBias);

    /// <summary>si_code for SIGFPE from the FPSCR's enabled exception bits (Linux parse_fpe()).</summary>
    private int FpeCode()
    {
        ulong f = Cpu.Fpscr;
        ulong enabled = f & (f >> 22) & 0xf8; // VE OE UE ZE XE against VX OX UX ZX XX
        if ((f & 0x80) != 0 && (f & 0x2000_0000) != 0) return 7; // FPE_FLTINV
        if ((f & 0x40) != 0 && (f & 0x1000_0000) != 0) return 4; // FPE_FLTOVF
        if ((f & 0x20) != 0 && (f & 0x0800_0000) != 0) return 5; // FPE_FLTUND
        if ((f & 0x10) != 0 && (f & 0x0400_0000) != 0) return 3; // FPE_FLTDIV
        if ((f & 0x08) != 0 && (f & 0x0200_0000) != 0) return 6; // FPE_FLTRES
        return enabled != 0 ? 7 : 0;
    }

    /// <summary>A synchronous fault signal: if blocked or ignored it is fatal (Linux force_sig_info).</summary>
    private void ForceSignal(int sig, byte[] info)
    {
        ref var a = ref _actions[sig];
        if ((_blocked & Bit(sig)) != 0 || a.Handler == SigIgn)
        {
            a.Handler = SigDfl;
            _blocked &= ~Bit(sig);
        }
        Deliver(sig, info);
    }

    private void RaiseSignal(int sig, byte[] info)
    {
        if (sig == 0) return;
        if (_actions[sig].Handler == SigIgn || (_actions[sig].Handler == SigDfl && DefaultIgnores(sig))) return;
        _pendingSignals |= Bit(sig);
        _pendingInfo[sig] = info;
    }

    private void DeliverPendingSignals()
    {
        while (ExitCode is null)
        {
            ulong ready = _pendingSignals & ~_blocked;
            if (ready == 0) return;
            int sig = System.Numerics.BitOperations.TrailingZeroCount(ready) + 1;
            _pendingSignals &= ~Bit(sig);
            var info = _pendingInfo[sig] ?? SigInfo(sig, SiUser, fromProcess: true);
            _pendingInfo[sig] = null;
            Deliver(sig, info);
        }
    }

    private void Deliver(int sig, byte[] info)
    {
        var a = _actions[sig];
        if (a.Handler == SigIgn) return;
        if (a.Handler == SigDfl)
        {
            if (DefaultIgnores(sig)) return;
            TerminateBySignal(sig);
            return;
        }
        if (!SetupFrame(sig, a, info))
        {
            // Linux: a frame that cannot be written is a forced SIGSEGV.
            _faultDescription = $"cannot write the signal frame for {SignalName(sig)}";
            TerminateBySignal(SigSegv);
            return;
        }
        if ((a.Flags & SaResethand) != 0) _actions[sig].Handler = SigDfl;
        _blocked |= a.Mask | ((a.Flags & SaNodefer) != 0 ? 0 : Bit(sig));
        _blocked &= ~(Bit(SigKill) | Bit(SigStop));
    }

    private void TerminateBySignal(int sig)
    {
        TerminatingSignal = sig;
        string detail = _faultDescription != null && sig is SigSegv or SigIll or SigBus or SigFpe or SigTrap ? ": " + _faultDescription : "";
        Diag($"guest terminated by signal {sig} ({SignalName(sig)}){detail}");
        ExitCode = 128 + sig;
    }

    private void EnsureTrampoline()
    {
        if (_trampMapped) return;
        Memory.Map(SigTrampPage, 4096, PageProtection.ReadWrite);
        var code = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(code, 0x3821_0000u | SignalFrameSize); // addi r1,r1,128
        BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(4), 0x3800_0000u | SysRtSigreturn); // li r0,172
        BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(8), 0x4400_0002u); // sc
        Memory.WriteBytes(SigTrampPage, code);
        Memory.Protect(SigTrampPage, 4096, PageProtection.Read | PageProtection.Execute);
        AddVma(SigTrampPage, SigTrampPage + 4096);
        Cpu.FlushTlb();
        _trampMapped = true;
    }

    private bool OnAltStack(ulong sp) => _altFlags != SsDisable && sp > _altSp && sp <= _altSp + _altSize;

    private bool SetupFrame(int sig, SigAction a, byte[] info)
    {
        EnsureTrampoline();
        ulong sp = Cpu.Gpr[1];
        if ((a.Flags & SaOnstack) != 0 && _altFlags != SsDisable && !OnAltStack(sp)) sp = _altSp + _altSize;
        ulong frame = (sp - FrameSize) & ~15UL;
        ulong newSp = frame - SignalFrameSize;
        var f = new byte[FrameSize];
        var s = f.AsSpan();
        // ucontext: uc_flags, uc_link = 0; uc_stack; uc_sigmask
        BinaryPrimitives.WriteUInt64LittleEndian(s[16..], _altSp);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], _altFlags == SsDisable ? SsDisable : OnAltStack(Cpu.Gpr[1]) ? SsOnstack : 0);
        BinaryPrimitives.WriteUInt64LittleEndian(s[32..], _altSize);
        ulong savedMask = _suspendRestoreMask ?? _blocked;
        _suspendRestoreMask = null;
        BinaryPrimitives.WriteUInt64LittleEndian(s[UcSigmask..], savedMask);
        var sc = s[UcMcontext..];
        BinaryPrimitives.WriteInt32LittleEndian(sc[32..], sig);
        BinaryPrimitives.WriteUInt64LittleEndian(sc[40..], a.Handler);
        BinaryPrimitives.WriteUInt64LittleEndian(sc[48..], savedMask);
        ulong scAddr = frame + UcMcontext;
        BinaryPrimitives.WriteUInt64LittleEndian(sc[56..], scAddr + ScGpRegs);
        var gp = sc[ScGpRegs..];
        for (int i = 0; i < 32; i++) BinaryPrimitives.WriteUInt64LittleEndian(gp[(8 * i)..], Cpu.Gpr[i]);
        BinaryPrimitives.WriteUInt64LittleEndian(gp[(8 * 32)..], Cpu.Pc);
        BinaryPrimitives.WriteUInt64LittleEndian(gp[(8 * 33)..], Cpu.Msr | Core.Msr.VEC | Core.Msr.VSX);
        BinaryPrimitives.WriteUInt64LittleEndian(gp[(8 * 34)..], Cpu.Gpr[3]);
        BinaryPrimitives.WriteUInt64LittleEndian(gp[(8 * 35)..], Cpu.Ctr);
        BinaryPrimitives.WriteUInt64LittleEndian(gp[(8 * 36)..], Cpu.Lr);
        BinaryPrimitives.WriteUInt64LittleEndian(gp[(8 * 37)..], Cpu.Xer);
        BinaryPrimitives.WriteUInt64LittleEndian(gp[(8 * 38)..], Cpu.Cr);
        BinaryPrimitives.WriteUInt64LittleEndian(gp[(8 * 39)..], 1); // softe
        BinaryPrimitives.WriteUInt64LittleEndian(gp[(8 * 40)..], sig == SigSegv ? 0x300u : sig == SigBus ? 0x600u : 0x700u);
        BinaryPrimitives.WriteUInt64LittleEndian(gp[(8 * 41)..], BinaryPrimitives.ReadUInt64LittleEndian(info.AsSpan(16)));
        var fp = sc[ScFpRegs..];
        for (int i = 0; i < 32; i++) BinaryPrimitives.WriteUInt64LittleEndian(fp[(8 * i)..], Cpu.Fpr(i));
        BinaryPrimitives.WriteUInt64LittleEndian(fp[(8 * 32)..], Cpu.Fpscr);
        // v_regs: the first 16-byte aligned address in vmx_reserve; VR i as stvx stores it in LE.
        ulong vregs = (scAddr + ScVmxReserve + 15) & ~15UL;
        BinaryPrimitives.WriteUInt64LittleEndian(sc[ScVRegsPtr..], vregs);
        var vr = s[(int)(vregs - frame)..];
        for (int i = 0; i < 32; i++)
        {
            var v = Cpu.Vr(i);
            BinaryPrimitives.WriteUInt64LittleEndian(vr[(16 * i)..], v.Dw1);
            BinaryPrimitives.WriteUInt64LittleEndian(vr[(16 * i + 8)..], v.Dw0);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(vr[(16 * 32 + 12)..], Cpu.Vscr);
        BinaryPrimitives.WriteUInt32LittleEndian(vr[(16 * 33)..], Cpu.Vrsave);
        // VSX: doubleword 1 of VSR0-31 after the 34 quadwords.
        for (int i = 0; i < 32; i++) BinaryPrimitives.WriteUInt64LittleEndian(vr[(16 * 34 + 8 * i)..], Cpu.Vsr[i].Dw1);
        BinaryPrimitives.WriteUInt64LittleEndian(s[FramePinfo..], frame + FrameInfo);
        BinaryPrimitives.WriteUInt64LittleEndian(s[FramePuc..], frame);
        info.CopyTo(s[FrameInfo..]);
        if (!WriteGuest(frame, f) || !WriteU64(newSp, Cpu.Gpr[1])) return false;

        Cpu.Gpr[1] = newSp;
        Cpu.Gpr[3] = (ulong)sig;
        if ((a.Flags & SaSiginfo) != 0)
        {
            Cpu.Gpr[4] = frame + FrameInfo;
            Cpu.Gpr[5] = frame;
            Cpu.Gpr[6] = frame;
        }
        else
        {
            Cpu.Gpr[4] = scAddr;
        }
        Cpu.Gpr[12] = a.Handler;
        Cpu.Lr = SigTrampPage;
        Cpu.Pc = a.Handler;
        return true;
    }

    /// <summary>rt_sigreturn: the ucontext is at r1 once the trampoline popped the dummy frame.</summary>
    private void SysRtSigreturnImpl()
    {
        ulong uc = Cpu.Gpr[1];
        var f = new byte[UcSize];
        if (!ReadGuest(uc, f))
        {
            _faultDescription = "bad signal frame in rt_sigreturn";
            TerminateBySignal(SigSegv);
            return;
        }
        var s = f.AsSpan();
        _blocked = BinaryPrimitives.ReadUInt64LittleEndian(s[UcSigmask..]) & ~(Bit(SigKill) | Bit(SigStop));
        var sc = s[UcMcontext..];
        var gp = sc[ScGpRegs..];
        for (int i = 0; i < 32; i++) Cpu.Gpr[i] = BinaryPrimitives.ReadUInt64LittleEndian(gp[(8 * i)..]);
        Cpu.Pc = BinaryPrimitives.ReadUInt64LittleEndian(gp[(8 * 32)..]);
        Cpu.Ctr = BinaryPrimitives.ReadUInt64LittleEndian(gp[(8 * 35)..]);
        Cpu.Lr = BinaryPrimitives.ReadUInt64LittleEndian(gp[(8 * 36)..]);
        Cpu.Xer = BinaryPrimitives.ReadUInt64LittleEndian(gp[(8 * 37)..]);
        Cpu.Cr = (uint)BinaryPrimitives.ReadUInt64LittleEndian(gp[(8 * 38)..]);
        var fp = sc[ScFpRegs..];
        for (int i = 0; i < 32; i++) Cpu.Fpr(i) = BinaryPrimitives.ReadUInt64LittleEndian(fp[(8 * i)..]);
        Cpu.Fpscr = BinaryPrimitives.ReadUInt64LittleEndian(fp[(8 * 32)..]);
        ulong vregs = BinaryPrimitives.ReadUInt64LittleEndian(sc[ScVRegsPtr..]);
        if (vregs != 0)
        {
            var vr = new byte[16 * 34 + 8 * 32];
            if (ReadGuest(vregs, vr))
            {
                for (int i = 0; i < 32; i++)
                    Cpu.Vr(i) = new Vec128(BinaryPrimitives.ReadUInt64LittleEndian(vr.AsSpan(16 * i + 8)), BinaryPrimitives.ReadUInt64LittleEndian(vr.AsSpan(16 * i)));
                Cpu.Vscr = BinaryPrimitives.ReadUInt32LittleEndian(vr.AsSpan(16 * 32 + 12));
                Cpu.Vrsave = BinaryPrimitives.ReadUInt32LittleEndian(vr.AsSpan(16 * 33));
                for (int i = 0; i < 32; i++) Cpu.Vsr[i].Dw1 = BinaryPrimitives.ReadUInt64LittleEndian(vr.AsSpan(16 * 34 + 8 * i));
            }
        }
        // restore_altstack() from uc_stack
        ulong ssSp = BinaryPrimitives.ReadUInt64LittleEndian(s[16..]);
        int ssFlags = BinaryPrimitives.ReadInt32LittleEndian(s[24..]);
        ulong ssSize = BinaryPrimitives.ReadUInt64LittleEndian(s[32..]);
        if (!OnAltStack(Cpu.Gpr[1]))
        {
            if ((ssFlags & SsDisable) != 0) _altFlags = SsDisable;
            else if (ssSize >= MinSigStackSize) { _altSp = ssSp; _altSize = ssSize; _altFlags = 0; }
        }
    }

    // ---- system calls -----------------------------------------------------------------------

    private long SysRtSigaction(int sig, ulong act, ulong oact, ulong sigsetSize)
    {
        if (sigsetSize != 8) return -Errno.EINVAL;
        if (sig < 1 || sig > NSig || ((sig == SigKill || sig == SigStop) && act != 0)) return -Errno.EINVAL;
        var old = _actions[sig];
        if (act != 0)
        {
            var b = new byte[32];
            if (!ReadGuest(act, b)) return -Errno.EFAULT;
            _actions[sig] = new SigAction
            {
                Handler = BinaryPrimitives.ReadUInt64LittleEndian(b),
                Flags = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(8)),
                Restorer = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(16)),
                Mask = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(24)) & ~(Bit(SigKill) | Bit(SigStop)),
            };
            var h = _actions[sig].Handler;
            if (h == SigIgn || (h == SigDfl && DefaultIgnores(sig))) _pendingSignals &= ~Bit(sig);
        }
        if (oact != 0)
        {
            var b = new byte[32];
            BinaryPrimitives.WriteUInt64LittleEndian(b, old.Handler);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), old.Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), old.Restorer);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), old.Mask);
            if (!WriteGuest(oact, b)) return -Errno.EFAULT;
        }
        return 0;
    }

    private long SysRtSigprocmask(int how, ulong set, ulong oset, ulong sigsetSize)
    {
        if (sigsetSize != 8) return -Errno.EINVAL;
        ulong old = _blocked;
        if (set != 0)
        {
            if (!ReadU64(set, out ulong m)) return -Errno.EFAULT;
            switch (how)
            {
                case 0: _blocked |= m; break;
                case 1: _blocked &= ~m; break;
                case 2: _blocked = m; break;
                default: return -Errno.EINVAL;
            }
            _blocked &= ~(Bit(SigKill) | Bit(SigStop));
        }
        if (oset != 0 && !WriteU64(oset, old)) return -Errno.EFAULT;
        return 0;
    }

    private long SysSigaltstack(ulong ss, ulong oss)
    {
        if (oss != 0)
        {
            var b = new byte[24];
            BinaryPrimitives.WriteUInt64LittleEndian(b, _altSp);
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(8), _altFlags == SsDisable ? SsDisable : OnAltStack(Cpu.Gpr[1]) ? SsOnstack : 0);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), _altSize);
            if (!WriteGuest(oss, b)) return -Errno.EFAULT;
        }
        if (ss != 0)
        {
            var b = new byte[24];
            if (!ReadGuest(ss, b)) return -Errno.EFAULT;
            if (OnAltStack(Cpu.Gpr[1])) return -Errno.EPERM;
            ulong sp = BinaryPrimitives.ReadUInt64LittleEndian(b);
            int flags = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(8));
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(16));
            if ((flags & ~(SsDisable | SsOnstack | unchecked((int)0x8000_0000))) != 0) return -Errno.EINVAL;
            if ((flags & SsDisable) != 0)
            {
                _altFlags = SsDisable;
                _altSp = 0;
                _altSize = 0;
            }
            else
            {
                if (size < MinSigStackSize) return -Errno.ENOMEM;
                _altSp = sp;
                _altSize = size;
                _altFlags = 0;
            }
        }
        return 0;
    }

    private long SysRtSigpending(ulong set, ulong sigsetSize)
    {
        if (sigsetSize > 8) return -Errno.EINVAL;
        return WriteU64(set, _pendingSignals & _blocked) ? 0 : -Errno.EFAULT;
    }

    /// <summary>rt_sigtimedwait: takes a pending signal from the set; with none, waiting can only time out.</summary>
    private long SysRtSigtimedwait(ulong setAddr, ulong infoAddr, ulong timeout, ulong sigsetSize)
    {
        if (sigsetSize != 8) return -Errno.EINVAL;
        if (!ReadU64(setAddr, out ulong set)) return -Errno.EFAULT;
        ulong ready = _pendingSignals & set;
        if (ready == 0)
        {
            if (timeout != 0 && ReadTimespec(timeout, out ulong ns))
            {
                SleepNs(ns);
                return -Errno.EAGAIN;
            }
            return Deadlock("sigwait for a signal nothing will send");
        }
        int sig = System.Numerics.BitOperations.TrailingZeroCount(ready) + 1;
        _pendingSignals &= ~Bit(sig);
        var info = _pendingInfo[sig] ?? SigInfo(sig, SiUser, fromProcess: true);
        _pendingInfo[sig] = null;
        if (infoAddr != 0 && !WriteGuest(infoAddr, info)) return -Errno.EFAULT;
        return sig;
    }

    /// <summary>rt_sigsuspend: with the temporary mask, a pending signal is delivered at once (the frame keeps the old mask).</summary>
    private long SysRtSigsuspend(ulong maskAddr, ulong sigsetSize)
    {
        if (sigsetSize != 8) return -Errno.EINVAL;
        if (!ReadU64(maskAddr, out ulong mask)) return -Errno.EFAULT;
        mask &= ~(Bit(SigKill) | Bit(SigStop));
        if ((_pendingSignals & ~mask) == 0) return Deadlock("sigsuspend with no signal that can arrive");
        _suspendRestoreMask = _blocked;
        _blocked = mask;
        return -Errno.EINTR;
    }

    private ulong? _suspendRestoreMask;

    private long Deadlock(string what)
    {
        Diag($"{what}: a single-threaded process would wait forever (deadlock)");
        TerminatingSignal = SigKill;
        ExitCode = 128 + SigKill;
        return 0;
    }

    private long SysKill(long pid, int sig)
    {
        if (sig < 0 || sig > NSig) return -Errno.EINVAL;
        var targets = pid is 0 or -1 ? _sched.Live.Where(p => pid == 0 || p != this).ToList() : _sched.Live.Where(p => p.Pid == pid).ToList();
        if (pid == -1 && targets.Count == 0) targets.Add(this);
        if (targets.Count == 0) return -Errno.ESRCH;
        foreach (var t in targets) t.RaiseSignal(sig, SigInfo(sig, SiUser, fromProcess: true));
        return 0;
    }

    private long SysTgkill(long tgid, long tid, int sig)
    {
        if (sig < 0 || sig > NSig) return -Errno.EINVAL;
        var t = _sched.Live.FirstOrDefault(p => p.Pid == tid);
        if (t == null || (tgid != -1 && tgid != tid)) return -Errno.ESRCH;
        t.RaiseSignal(sig, SigInfo(sig, SiTkill, fromProcess: true));
        return 0;
    }
}
