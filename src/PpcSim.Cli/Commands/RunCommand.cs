using System.Diagnostics;
using System.Globalization;
using System.Text;
using PpcSim.Linux;

namespace PpcSim.Cli.Commands;

/// <summary>
/// ppcsim run [OPTIONS] ELF [ARGS...] [--stats]: runs a static ppc64le Linux program like
/// qemu-ppc64le. Guest stdin/stdout/stderr are the host's own fds and the exit status passes
/// through (128+N after a fatal signal N). The guest gets the host environment, as under qemu,
/// adjusted by --env/--unsetenv/--clearenv. Options go before ELF; a trailing --stats is also
/// taken (put "--" before it to hand it to the guest).
/// </summary>
public sealed class RunCommand : ICommand
{
    public string Name => "run";
    public string Synopsis => "run [--stats] [--verbose] [--strace] [--seed N] [--env K=V] [--unsetenv K] [--clearenv] [--gdb PORT] ELF [ARGS...]   run a static ppc64le Linux program (--gdb: under gdb, stub on 127.0.0.1:PORT)";

    public int Run(IReadOnlyList<string> args)
    {
        bool stats = false, verbose = false, clearEnv = false, strace = false;
        ulong seed = new LinuxOptions().Seed;
        var setEnv = new List<string>();
        var unsetEnv = new List<string>();
        int? gdbPort = null;
        int i = 0;
        string Value(string opt)
        {
            if (i + 1 >= args.Count) throw new UsageException($"option '{opt}' needs a value");
            return args[++i];
        }
        for (; i < args.Count && args[i].StartsWith("--", StringComparison.Ordinal); i++)
        {
            switch (args[i])
            {
                case "--stats": stats = true; break;
                case "--verbose": verbose = true; break;
                case "--strace": strace = true; break;
                case "--clearenv": clearEnv = true; break;
                case "--env":
                    {
                        string kv = Value("--env");
                        if (!kv.Contains('=')) throw new UsageException($"--env expects NAME=VALUE, got '{kv}'");
                        setEnv.Add(kv);
                        break;
                    }
                case "--unsetenv": unsetEnv.Add(Value("--unsetenv")); break;
                case "--seed":
                    {
                        string v = Value("--seed");
                        if (!ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
                            throw new UsageException($"--seed expects a non-negative integer, got '{v}'");
                        break;
                    }
                case "--gdb":
                    {
                        string v = Value("--gdb");
                        if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
                            throw new UsageException($"--gdb expects a TCP port number, got '{v}'");
                        gdbPort = port;
                        break;
                    }
                case "--": i++; goto done;
                default: throw new UsageException($"unknown option '{args[i]}'");
            }
        }
    done:
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
        var env = clearEnv ? [] : HostEnvironment();
        env.RemoveAll(e => unsetEnv.Any(u => e.StartsWith(u + "=", StringComparison.Ordinal)));
        foreach (var kv in setEnv)
        {
            string key = kv[..(kv.IndexOf('=') + 1)];
            int at = env.FindIndex(e => e.StartsWith(key, StringComparison.Ordinal));
            if (at >= 0) env[at] = kv; else env.Add(kv);
        }
        Console.Out.Flush();
        var process = new LinuxProcess(elf, guestArgs, env, new LinuxOptions { Seed = seed, Strace = strace });
        var sw = Stopwatch.StartNew();
        int code = gdbPort is { } gp ? PpcSim.GdbStub.LinuxGdbRunner.Run(process, gp, Console.Error) : process.Run();
        sw.Stop();
        if (verbose)
            foreach (var nr in process.UnknownSyscalls)
                Console.Error.WriteLine($"ppcsim: unimplemented syscall {nr} returned -ENOSYS");
        if (stats)
        {
            double secs = sw.Elapsed.TotalSeconds;
            ulong n = process.TotalInstructions;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stats: instructions={n} host_seconds={secs:F3} mips={(secs > 0 ? n / secs / 1e6 : 0):F1}"));
        }
        return code;
    }

    /// <summary>
    /// The environment this process started with, in its original order (what qemu hands its
    /// guest); .NET's own view is an unordered table, so read the kernel's copy.
    /// </summary>
    private static List<string> HostEnvironment()
    {
        try
        {
            var raw = File.ReadAllBytes("/proc/self/environ");
            return Encoding.UTF8.GetString(raw).Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
        }
        catch (IOException)
        {
            var vars = Environment.GetEnvironmentVariables();
            return vars.Keys.Cast<string>().Order(StringComparer.Ordinal).Select(k => $"{k}={vars[k]}").ToList();
        }
    }
}
