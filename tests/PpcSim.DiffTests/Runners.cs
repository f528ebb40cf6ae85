using System.Diagnostics;
using PpcSim.Linux;
using PpcSim.TestSupport;

namespace PpcSim.DiffTests;

/// <summary>What one run of a harness ELF produced: the records it wrote, and how it ended.</summary>
public sealed record RunOutput(IReadOnlyList<ArchState> Records, int ExitCode, string Stderr)
{
    /// <summary>Splits the harness's stdout into records (a trailing partial record is ignored).</summary>
    public static RunOutput Parse(byte[] stdout, int exitCode, string stderr)
    {
        var list = new List<ArchState>();
        for (int off = 0; off + Layout.RecordSize <= stdout.Length; off += Layout.RecordSize)
        {
            var s = ArchState.ReadRecord(stdout.AsSpan(off, Layout.RecordSize), out int index);
            if (index != list.Count) throw new InvalidDataException($"record {list.Count} carries index {index}");
            list.Add(s);
        }
        return new RunOutput(list, exitCode, stderr);
    }
}

/// <summary>Runs a harness ELF under qemu-ppc64le (POWER9) and under PpcSim's user-mode Linux process.</summary>
public static class Runners
{
    public static RunOutput Qemu(string elf)
    {
        Tools.Require(Tools.Qemu);
        var psi = new ProcessStartInfo(Tools.Qemu)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-cpu");
        psi.ArgumentList.Add("power9");
        psi.ArgumentList.Add(elf);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start qemu-ppc64le");
        var ms = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(ms);
        var err = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("qemu-ppc64le timed out on " + elf);
        }
        copy.Wait();
        return RunOutput.Parse(ms.ToArray(), p.ExitCode, err.Result);
    }

    public static RunOutput PpcSim(string elf)
    {
        var image = ElfImage.Load(elf);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var proc = new LinuxProcess(image, [elf], [], stdout, stderr);
        int code = proc.Run();
        return RunOutput.Parse(stdout.ToArray(), code, System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
    }
}
