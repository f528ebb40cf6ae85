namespace PpcSim.Linux;

/// <summary>How a <see cref="LinuxProcess"/> is wired to the host.</summary>
public sealed class LinuxOptions
{
    /// <summary>Guest fd 0/1/2; null means the host's own fd 0/1/2 (the CLI's choice, like qemu).</summary>
    public Stream? Stdin { get; init; }
    public Stream? Stdout { get; init; }
    public Stream? Stderr { get; init; }
    /// <summary>Seeds AT_RANDOM and getrandom.</summary>
    public ulong Seed { get; init; } = 0x5eed;
    /// <summary>Host path the guest sees as /proc/self/exe (defaults to the ELF's full path).</summary>
    public string? ExecutablePath { get; init; }
    /// <summary>Host directory that relative guest paths start from (defaults to the host cwd).</summary>
    public string? WorkingDirectory { get; init; }
    /// <summary>Log every system call and its result to the diagnostics writer.</summary>
    public bool Strace { get; init; }
    /// <summary>Diagnostics (unknown syscalls, fault reports) go here; null = the host's stderr.</summary>
    public TextWriter? Diagnostics { get; init; }
}
