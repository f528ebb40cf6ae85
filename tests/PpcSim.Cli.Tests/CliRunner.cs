using PpcSim.TestSupport;

namespace PpcSim.Cli.Tests;

/// <summary>Runs the built ppcsim CLI (the same assembly the launcher runs) as a child process.</summary>
internal static class CliRunner
{
    public static string CliDll { get; } = Path.Combine(AppContext.BaseDirectory, "ppcsim.dll");

    public static Tools.Result Run(params string[] args) => Tools.Run("dotnet", [CliDll, .. args]);
}
