using PpcSim.Platform;
using PpcSim.Platform.Recording;

namespace PpcSim.Cli.Repro;

/// <summary>The explain side of <see cref="ReproRunner"/>'s extension point: the timeline (--trace) and the replay that explains a corrupted disk.</summary>
public static partial class ReproRunner
{
    // The timeline recorder of the run being made, by machine (runs of a sweep may overlap on host threads).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SystemMachine, SystemRecorder> s_timelines = new();

    static partial void OnMachineCreated(SystemMachine machine, ReproOptions options)
    {
        if (options.TracePath == null) return;
        var rec = new SystemRecorder();
        var kernel = Explainer.LoadSymbols(options).Kernel;
        Explainer.AddProbes(rec, kernel);
        foreach (var spec in options.Watches)
        {
            var (pa, length) = ResolveWatch(kernel, spec);
            rec.WatchPhysical(pa, length);
        }
        machine.Attach(rec);
        s_timelines.Add(machine, rec);
    }

    static partial void ExplainCorruption(SystemMachine machine, ReproResult result, ref IReadOnlyList<string>? simulatorChain)
    {
        // Explain first: the replays' watched stores (the bad bytes' store and copies) join the timeline.
        var stores = new List<TimelineEvent>();
        if (result.Options.Explain) simulatorChain = Explainer.Explain(machine, result, stores);
        if (result.Options.TracePath is { } path && s_timelines.TryGetValue(machine, out var rec))
        {
            var (kernel, user) = Explainer.LoadSymbols(result.Options);
            var describe = Explainer.Describer(kernel, user);
            using var f = File.Create(path);
            TimelineJson.Write(rec, f, a => describe(a) is var s && !s.StartsWith("0x", StringComparison.Ordinal) ? s : null, stores);
        }
    }

    /// <summary>
    /// A --watch spec as a real address range: "0xPA:LEN", or a kernel symbol ("ipi_message",
    /// its ELF size; "ipi_message:8" to give one) through the kernel's linear map (0xc000... + pa).
    /// </summary>
    public static (ulong Pa, ulong Length) ResolveWatch(ExplainSymbols kernel, string spec)
    {
        int colon = spec.LastIndexOf(':');
        string what = colon >= 0 ? spec[..colon] : spec;
        ulong? length = null;
        if (colon >= 0)
        {
            if (KernelReport.Number(spec[(colon + 1)..]) is not { } l || l == 0 || l > 1UL << 20)
                throw new UsageException($"--watch: bad length in '{spec}' (1..1048576 bytes)");
            length = l;
        }
        if (what.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (KernelReport.Number(what) is not { } pa) throw new UsageException($"--watch: bad address in '{spec}'");
            if (length == null) throw new UsageException($"--watch: an address needs a length ('{what}:8')");
            return (pa, length.Value);
        }
        if (kernel.Sized(what) is not { } sym) throw new UsageException($"--watch: the kernel has no symbol '{what}'");
        ulong size = length ?? sym.Size;
        if (size == 0) throw new UsageException($"--watch: '{what}' has no size in the ELF; give one ('{what}:8')");
        ulong addr = sym.Address >= LinearMap ? sym.Address - LinearMap : sym.Address;
        return (addr, size);
    }

    private const ulong LinearMap = 0xc000_0000_0000_0000UL;

    /// <summary>Runs the options' machine again with <paramref name="recorder"/> attached, until the slowest thread reaches <paramref name="untilCycle"/>.</summary>
    public static SystemMachine Replay(ReproOptions o, SystemRecorder recorder, ulong untilCycle)
    {
        var m = new SystemMachine(MachineConfigFor(o));
        m.LoadFlatImage(PrepareImage(o));
        m.Attach(recorder);
        m.Run(maxCycles: Math.Min(untilCycle, MaxCyclesFor(o)));
        return m;
    }
}
