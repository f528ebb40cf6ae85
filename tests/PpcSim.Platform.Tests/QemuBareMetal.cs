using System.Diagnostics;
using System.Text;
using PpcSim.TestSupport;

namespace PpcSim.Platform.Tests;

/// <summary>
/// Runs a flat bare-metal image on QEMU's POWER9 PowerNV machine (one thread) and returns its
/// console once the guest prints <c>endLine</c> (QEMU has no power-off device such a guest can
/// use, so the run is stopped there). A missing qemu-system-ppc64 is a failure, never a skip.
/// </summary>
internal static class QemuBareMetal
{
    public const string QemuSystem = "qemu-system-ppc64";

    public static string Run(byte[] image, string endLine, int timeoutMs = 60_000)
    {
        Tools.Require(QemuSystem);
        var dir = Tools.TempDir("qemu-baremetal");
        string bin = Path.Combine(dir, "image.bin");
        File.WriteAllBytes(bin, image);
        var psi = new ProcessStartInfo(QemuSystem)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in new[] { "-M", "powernv9", "-smp", "1", "-m", "1G", "-bios", bin, "-display", "none",
                     "-serial", "stdio", "-monitor", "none", "-nodefaults", "-no-reboot" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + QemuSystem);
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var console = new StringBuilder();
        var sw = Stopwatch.StartNew();
        bool ended = false;
        try
        {
            while (true)
            {
                var read = p.StandardOutput.ReadLineAsync();
                int left = timeoutMs - (int)sw.ElapsedMilliseconds;
                if (left <= 0 || !read.Wait(left)) break;
                if (read.Result == null) break; // QEMU exited
                string line = read.Result.TrimEnd('\r');
                console.Append(line).Append('\n');
                if (line == endLine)
                {
                    ended = true;
                    break;
                }
            }
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        Assert.True(ended, $"QEMU did not print '{endLine}' within {timeoutMs} ms\n--- console ---\n{console}\n--- stderr ---\n{stderr.Result}");
        return console.ToString();
    }
}
