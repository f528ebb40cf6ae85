using PpcSim.TestSupport;

namespace PpcSim.Firmware.Tests;

/// <summary>
/// Boots firmware/bin/kernel.bin on QEMU's POWER9 PowerNV machine through firmware/run-qemu.sh
/// (which stops QEMU at the kernel's end line). A missing qemu-system-ppc64 is a failure.
/// </summary>
public sealed record QemuRun(int ExitCode, string Console, string Stderr)
{
    public const string QemuSystem = "qemu-system-ppc64";
    public const string EndLine = "ppcsim-kernel: done";

    public static string FirmwareDir => Path.Combine(Tools.RepoRoot, "firmware");
    public static string Script => Path.Combine(FirmwareDir, "run-qemu.sh");

    public static QemuRun Boot(int cores, params string[] sets) => BootImage(cores, null, sets);

    public static QemuRun BootImage(int cores, string? image, params string[] sets)
    {
        Tools.Require(QemuSystem);
        var args = new List<string> { Script, "--cores", cores.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "50" };
        if (image != null)
        {
            args.Add("--image");
            args.Add(image);
        }
        foreach (var s in sets)
        {
            args.Add("--set");
            args.Add(s);
        }
        var r = Tools.Run("bash", args, timeoutMs: 55_000);
        return new QemuRun(r.ExitCode, r.Stdout, r.Stderr);
    }

    public string[] Lines => Console.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The lines that must be identical on every platform (timing lines excluded).</summary>
    public string[] StableLines => Lines.Where(l => l.StartsWith("selftest:", StringComparison.Ordinal) || l.StartsWith("user:", StringComparison.Ordinal)).ToArray();

    public string Describe() => $"exit {ExitCode}\n--- console ---\n{Console}\n--- stderr ---\n{Stderr}";
}
