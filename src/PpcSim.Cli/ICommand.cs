namespace PpcSim.Cli;

/// <summary>A ppcsim subcommand. Arguments arrive without the command name.</summary>
public interface ICommand
{
    string Name { get; }
    string Synopsis { get; }
    int Run(IReadOnlyList<string> args);
}
