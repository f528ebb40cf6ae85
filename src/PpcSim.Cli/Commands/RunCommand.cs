using System.Diagnostics;
using System.Globalization;
using PpcSim.Linux;

namespace PpcSim.Cli.Commands;

/// <summary>
/// ppcsim run [--stats] [--verbose] ELF [ARGS...] [--stats]: runs a static ppc64le Linux program
/// like qemu-ppc64le. Guest stdout, stderr and exit status pass through unchanged. Options go
/// before ELF; a trailing --stats is also taken (put "--" before it to hand it to the guest).
/// </summary>
public sealed class RunCommand : ICommand
{
    public string Name => "run";
    public string Synopsis => "run [--stats] [--verbose] ELF [ARGS...]   run a static ppc64le Linux program";

    public int Run(IReadOnlyList<string> args)
    {
        bool stats = false, verbose = false;
        int i = 0;
        for (; i < args.Count && args[i].StartsWith("--", StringComparison.Ordinal); i++)
        {
            if (args[i] == "--stats") stats = true;
            else if (args[i] == "--verbose") verbose = true;
            else if (args[i] == "--") { i++; break; }
            else throw new UsageException($"unknown option '{args[i]}'");
        }
        if (i >= args.Count) throw new UsageException("expected an ELF file");
        var guestArgs = args.Skip(i).ToList();
        if (guestArgs.Count > 1 && guestArgs[^1] == "--stats")
        {
            stats = true;
            guestArgs.RemoveAt(guestArgs.Count - 1);
            if (guestArgs.Count > 1 && guestArgs[^1] == "--") guestArgs.RemoveAt(guestArgs.Count - 1);
        }
        ElfImage elf;
        try
        {
            elf = ElfImage.Load(guestArgs[0]);
        }
        catch (ElfFormatException e)
        {
            throw new UsageException(e.Message);
        }
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        var env = new List<string>();
        var process = new LinuxProcess(elf, guestArgs, env, stdout, stderr);
        var sw = Stopwatch.StartNew();
        int code = process.Run();
        sw.Stop();
        stdout.Flush();
        if (verbose)
            foreach (var nr in process.UnknownSyscalls)
                Console.Error.WriteLine($"ppcsim: unimplemented syscall {nr} returned -ENOSYS");
        if (stats)
        {
            double secs = sw.Elapsed.TotalSeconds;
            ulong n = process.Cpu.Instructions;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stats: instructions={n} host_seconds={secs:F3} mips={(secs > 0 ? n / secs / 1e6 : 0):F1}"));
        }
        return code;
    }
}
