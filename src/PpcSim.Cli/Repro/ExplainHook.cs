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
        Explainer.AddProbes(rec, Explainer.LoadSymbols(options).Kernel);
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
