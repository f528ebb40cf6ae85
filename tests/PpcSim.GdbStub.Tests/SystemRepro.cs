using PpcSim.Cli.Repro;
using PpcSim.Linux;
using PpcSim.Platform;
using PpcSim.TestSupport;

namespace PpcSim.GdbStub.Tests;

/// <summary>The `ppcsim repro --seed 1` machine (firmware/bin/kernel.bin with the repro knobs), built in process.</summary>
internal static class SystemRepro
{
    public static string KernelBin => Path.Combine(Tools.RepoRoot, "firmware", "bin", "kernel.bin");
    public static string KernelElf => Path.Combine(Tools.RepoRoot, "firmware", "bin", "kernel.elf");

    private static readonly Lazy<(byte[] Image, MachineConfig Config, ulong MaxCycles)> s_prepared =
        new(() =>
        {
            var o = new ReproOptions { Seed = 1, Image = KernelBin };
            return (ReproRunner.PrepareImage(o), ReproRunner.MachineConfigFor(o), ReproRunner.MaxCyclesFor(o));
        });

    public static ulong MaxCycles => s_prepared.Value.MaxCycles;

    public static SystemMachine Boot(Stream? console = null)
    {
        var (image, config, _) = s_prepared.Value;
        var m = new SystemMachine(config, console);
        m.LoadFlatImage(image);
        return m;
    }

    public static ulong Symbol(string name) =>
        ElfImage.Load(KernelElf).Lookup(name) ?? throw new InvalidOperationException($"{name} not in kernel.elf");
}
