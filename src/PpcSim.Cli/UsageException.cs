namespace PpcSim.Cli;

/// <summary>Bad command-line input or input file: reported as one line on stderr, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
