using System.Globalization;

namespace PpcSim.Cli;

/// <summary>The --gdb PORT option shared by run, boot and repro.</summary>
internal static class GdbPort
{
    public static int Parse(string v) =>
        int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is >= 0 and <= 65535
            ? port : throw new UsageException($"--gdb expects a TCP port number, got '{v}'");
}
