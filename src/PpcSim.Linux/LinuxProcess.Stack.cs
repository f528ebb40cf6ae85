using System.Text;
using PpcSim.Memory;

namespace PpcSim.Linux;

// The initial process image: stack contents as Linux's create_elf_tables() lays them out, with
// the auxiliary vector entries (and their order) that qemu-ppc64le 7.2 gives a POWER9 guest, so
// glibc takes the same paths (ifunc choices come from AT_HWCAP/AT_HWCAP2) under both.
public sealed partial class LinuxProcess
{
    private const ulong PageMask = 0xfff;
    private const ulong StackTop = 0x0000_7fff_f800_0000UL;
    private const ulong StackSize = 8UL << 20;
    private const ulong DynLoadBase = 0x0000_0001_0000_0000UL;

    // auxv tags (include/uapi/linux/auxvec.h, arch/powerpc/include/uapi/asm/auxvec.h)
    private const ulong AtNull = 0, AtPhdr = 3, AtPhent = 4, AtPhnum = 5, AtPagesz = 6, AtBase = 7, AtFlags = 8,
        AtEntry = 9, AtUid = 11, AtEuid = 12, AtGid = 13, AtEgid = 14, AtHwcap = 16, AtClktck = 17,
        AtDcacheBsize = 19, AtIcacheBsize = 20, AtUcacheBsize = 21, AtIgnorePpc = 22, AtSecure = 23,
        AtRandom = 25, AtHwcap2 = 26, AtExecfn = 31;

    /// <summary>
    /// PPC_FEATURE_64 | HAS_ALTIVEC | HAS_FPU | HAS_DFP | ARCH_2_06 | HAS_VSX: what qemu reports for
    /// its POWER9 CPU (asm/cputable.h bit names).
    /// </summary>
    public const ulong Hwcap = 0x5800_0580;

    /// <summary>
    /// ARCH_2_07 | HAS_ISEL | HAS_TAR | HAS_VEC_CRYPTO | ARCH_3_00 | HAS_IEEE128 | DARN: with
    /// ARCH_3_00 set glibc selects its power9 string functions, as under qemu.
    /// </summary>
    public const ulong Hwcap2 = 0x8ee0_0000;

    /// <summary>Where the initial stack pointer (argc) was placed.</summary>
    public ulong InitialStackPointer { get; private set; }

    private void SetupStack(IReadOnlyList<string> argv, IReadOnlyList<string> envp)
    {
        Memory.Map(StackTop - StackSize, StackSize, PageProtection.ReadWrite);
        AddVma(StackTop - StackSize, StackTop);
        ulong sp = StackTop - 8; // a NULL word marks the end, as in Linux
        ulong PushBytes(ReadOnlySpan<byte> bytes)
        {
            sp -= (ulong)bytes.Length;
            Memory.WriteBytes(sp, bytes);
            return sp;
        }
        ulong PushString(string s) => PushBytes(Encoding.UTF8.GetBytes(s + "\0"));

        string execfn = argv.Count > 0 ? argv[0] : "";
        ulong execfnAddr = PushString(execfn);
        // Strings go in order envp then argv from the top down, so argv[0] ends up lowest.
        var envPtrs = new ulong[envp.Count];
        for (int i = envp.Count - 1; i >= 0; i--) envPtrs[i] = PushString(envp[i]);
        var argPtrs = new ulong[argv.Count];
        for (int i = argv.Count - 1; i >= 0; i--) argPtrs[i] = PushString(argv[i]);
        sp &= ~15UL;
        var randomBytes = new byte[16];
        _random.Fill(randomBytes);
        ulong randomAddr = PushBytes(randomBytes);

        ulong phdr = _elf.ProgramHeaderAddress + LoadBias;
        var aux = new List<(ulong, ulong)>
        {
            (AtIgnorePpc, AtIgnorePpc),
            (AtIgnorePpc, AtIgnorePpc),
            (AtDcacheBsize, 128),
            (AtIcacheBsize, 128),
            (AtUcacheBsize, 0),
            (AtPhdr, phdr),
            (AtPhent, _elf.ProgramHeaderEntrySize),
            (AtPhnum, _elf.ProgramHeaderCount),
            (AtPagesz, 4096),
            (AtBase, 0),
            (AtFlags, 0),
            (AtEntry, _elf.Entry + LoadBias),
            (AtUid, s_uid),
            (AtEuid, s_euid),
            (AtGid, s_gid),
            (AtEgid, s_egid),
            (AtHwcap, Hwcap),
            (AtClktck, 100),
            (AtRandom, randomAddr),
            (AtSecure, 0),
            (AtExecfn, execfnAddr),
            (AtHwcap2, Hwcap2),
            (AtNull, 0),
        };
        int words = 1 + argv.Count + 1 + envp.Count + 1 + aux.Count * 2;
        sp -= (ulong)words * 8;
        sp &= ~15UL;
        var table = new byte[words * 8];
        int w = 0;
        void Put(ulong v) => BitConverter.TryWriteBytes(table.AsSpan(8 * w++), v);
        Put((ulong)argv.Count);
        foreach (var p in argPtrs) Put(p);
        Put(0);
        foreach (var p in envPtrs) Put(p);
        Put(0);
        foreach (var (k, v) in aux)
        {
            Put(k);
            Put(v);
        }
        Memory.WriteBytes(sp, table);
        InitialStackPointer = sp;
        // ELFv2 process entry (Linux start_thread): r1 = stack, r12 = entry for the TOC setup;
        // everything else zero. Static glibc reads argc/argv/envp/auxv from the stack.
        Cpu.Gpr[1] = sp;
        Cpu.Gpr[12] = _elf.Entry + LoadBias;
    }
}
