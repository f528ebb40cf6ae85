using System.Runtime.InteropServices;

namespace PpcSim.Linux;

/// <summary>
/// open(2) flag translation. powerpc numbers O_DIRECTORY/O_NOFOLLOW/O_LARGEFILE/O_DIRECT
/// differently from x86-64 (and arm64); every other flag is the asm-generic value on all three.
/// </summary>
internal static class OpenFlags
{
    public const int Creat = 0x40, Excl = 0x80, Trunc = 0x200, Append = 0x400, NonBlock = 0x800, CloExec = 0x80000, Path = 0x200000;
    private const int MovedBits = 0x3c000; // octal 040000 | 0100000 | 0200000 | 0400000

    // Bit values for Directory, NoFollow, LargeFile, Direct.
    private static readonly int[] s_guest = [0x4000, 0x8000, 0x10000, 0x20000];
    private static readonly int[] s_host = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.Arm64 => [0x4000, 0x8000, 0x20000, 0x10000],
        Architecture.Ppc64le => [0x4000, 0x8000, 0x10000, 0x20000],
        _ => [0x10000, 0x20000, 0x8000, 0x4000], // x86-64: O_DIRECTORY 0200000, O_NOFOLLOW 0400000, O_LARGEFILE 0100000, O_DIRECT 040000
    };

    public static int HostDirectory => s_host[0];

    public static int ToHost(int guest) => Convert(guest, s_guest, s_host);

    public static int ToGuest(int host) => Convert(host, s_host, s_guest);

    private static int Convert(int flags, int[] from, int[] to)
    {
        int r = flags & ~MovedBits;
        for (int i = 0; i < 4; i++)
            if ((flags & from[i]) != 0) r |= to[i];
        return r;
    }
}
