using PpcSim.Cli;
using PpcSim.Cli.Commands;

// Hand-rolled dispatch rather than a parser library: `run ELF [ARGS...]` must pass guest
// arguments (which may look like options) through untouched, and every bad input must end
// in one line and exit code 2.
ICommand[] commands =
[
    new RunCommand(),
    new DisasmCommand(),
    new AsmCommand(),
    new LitmusCommand(),
    new BootCommand(),
    new ReproCommand(),
    new SweepCommand(),
];

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.Out.WriteLine("ppcsim - deterministic POWER9 (ppc64le) multicore emulator");
    Console.Out.WriteLine();
    foreach (var c in commands) Console.Out.WriteLine($"  ppcsim {c.Synopsis}");
    return args.Length == 0 ? 2 : 0;
}

var cmd = commands.FirstOrDefault(c => c.Name == args[0]);
if (cmd == null)
{
    Console.Error.WriteLine($"ppcsim: unknown command '{args[0]}' (try: {string.Join(", ", commands.Select(c => c.Name))})");
    return 2;
}

try
{
    return cmd.Run(args[1..]);
}
catch (UsageException e)
{
    Console.Out.Flush();
    Console.Error.WriteLine($"ppcsim {cmd.Name}: {e.Message}");
    return 2;
}
catch (PpcSim.Linux.ElfFormatException e)
{
    Console.Out.Flush();
    Console.Error.WriteLine($"ppcsim {cmd.Name}: {e.Message}");
    return 2;
}
catch (PpcSim.Isa.AsmException e)
{
    Console.Out.Flush();
    Console.Error.WriteLine($"ppcsim {cmd.Name}: {e.Message}");
    return 2;
}
