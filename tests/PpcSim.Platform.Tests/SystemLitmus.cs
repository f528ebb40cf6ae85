using System.Collections.Concurrent;
using PpcSim.Core;
using PpcSim.Litmus;
using PpcSim.Machine.Weak;
using PpcSim.TestSupport;

namespace PpcSim.Platform.Tests;

/// <summary>
/// Runs herdtools7 litmus tests on the full system: each litmus thread is one SystemMachine thread
/// running the test's code (assembled by PpcSim's assembler through CompiledLitmus) bare-metal in
/// hypervisor real mode, little-endian, registers preset from the init block, ending in stop. The
/// seed varies everything that makes threads race: start skews, scheduler quantum, propagation
/// latencies (the machine's "storage" stream) and whether the data pages start out shared.
/// </summary>
internal static class SystemLitmus
{
    public static string Dir { get; } = Path.GetFullPath(Path.Combine(Tools.RepoRoot, "..", "shared", "litmus"));

    private static readonly Lazy<ExpectedOutcomes> s_expected = new(() =>
    {
        string path = Path.Combine(Dir, "expected.json");
        if (!File.Exists(path)) throw new InvalidOperationException($"litmus suite not found: {path}");
        return ExpectedOutcomes.Load(path);
    });

    private static readonly ConcurrentDictionary<string, (CompiledLitmus? Test, string? Why)> s_compiled = new();

    public static ExpectedOutcomes Expected => s_expected.Value;

    public static List<string> Names() => Expected.Entries.Select(e => e.Test).OrderBy(n => n, StringComparer.Ordinal).ToList();

    public static ExpectedOutcomes.Entry Entry(string name) => Expected.Entries.Single(e => e.Test == name);

    /// <summary>The compiled test, or why the harness cannot run it.</summary>
    public static (CompiledLitmus? Test, string? Why) Compile(string name) => s_compiled.GetOrAdd(name, n =>
    {
        try
        {
            var c = CompiledLitmus.Compile(LitmusParser.ParseFile(Path.Combine(Dir, Entry(n).File)));
            if (c.Threads.Count > 8) return (null, $"{c.Threads.Count} threads (harness runs at most 8)");
            return (c, null);
        }
        catch (LitmusException e)
        {
            return (null, e.Message);
        }
    });

    private const uint StopWord = 0x4C00_02E4;     // stop
    private const uint BranchBackWord = 0x4BFF_FFFC; // b .-4 (stop again if ever woken)

    /// <summary>One run: the final state projected on herd7's observed keys, or null when a thread did not finish.</summary>
    public static string? Run(CompiledLitmus test, ulong seed, out SystemMachine machine) => Run(test, Entry(test.Name), seed, out machine);

    public static string? Run(CompiledLitmus test, ExpectedOutcomes.Entry entry, ulong seed, out SystemMachine machine)
    {
        var rnd = new Random((int)(seed * 0x9E37_79B9UL % int.MaxValue));
        (ulong Min, ulong Max)[] latencies = [(20, 400), (20, 400), (1, 60), (0, 1500)];
        var lat = latencies[rnd.Next(latencies.Length)];
        ulong[] quanta = [0, 1, 2, 5, 20, 100, 2000];
        var config = new MachineConfig
        {
            Cores = test.Threads.Count,
            Seed = seed,
            RamBytes = 512UL << 20,
            BlockDeviceBytes = 0,
            QuantumCycles = quanta[rnd.Next(quanta.Length)],
            QuantumJitter = (ulong)rnd.Next(0, 3) * 25,
            PropagationMinCycles = lat.Min,
            PropagationMaxCycles = lat.Max,
            StorageOverlayEntries = 1 << 10,
        };
        machine = new SystemMachine(config);
        var m = machine;
        for (int t = 0; t < test.Threads.Count; t++)
        {
            var setup = test.Threads[t];
            var words = setup.Program.Instructions.Select(i => i.Word).Append(StopWord).Append(BranchBackWord).ToArray();
            var bytes = new byte[words.Length * 4];
            for (int i = 0; i < words.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(4 * i), words[i]);
            m.Ram.WriteBytes(setup.Program.Base, bytes);
            var c = m.Cpus[t];
            c.SetMsr(Msr.SF | Msr.HV | Msr.ME | Msr.LE);
            c.Pc = setup.Program.Base;
            for (int r = 0; r < 32; r++) c.Gpr[r] = setup.Registers[Resource.Gpr0 + r];
            // Start skews on the scale of the propagation delays, so loads land inside the windows.
            c.StallCycles = (ulong)rnd.Next(0, (int)(lat.Max * 3 / 2) + 50);
            c.FlushDecodeCache();
            c.FlushTlb();
        }
        foreach (var (addr, value) in test.InitialMemory)
        {
            var b = new byte[4];
            BitConverter.TryWriteBytes(b, (uint)value);
            m.Ram.WriteBytes(addr, b);
        }
        // Most runs start with the data pages shared (every store recorded); the rest exercise
        // the private-page path, where a page's first touch by a second thread commits everything.
        if (seed % 5 != 0)
            foreach (var (addr, _) in test.InitialMemory) m.MarkShared(addr, 4);
        m.Run(maxCycles: 2_000_000);
        for (int t = 0; t < test.Threads.Count; t++)
            if (!m.Cpus[t].Stopped) return null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var l in test.Observed)
        {
            ulong v = l.IsRegister ? m.Cpus[l.Thread].Gpr[int.Parse(l.Name.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)] : m.Ram.ReadLe(test.AddressOf(l.Name), 4);
            values[l.ToString()] = test.FormatValue(v);
        }
        return entry.Project(new Outcome("", values, 1, false));
    }

    /// <summary>Does a projected state satisfy the test's condition?</summary>
    public static bool Satisfies(CompiledLitmus test, string state)
    {
        var map = state.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim().Split('=')).ToDictionary(p => p[0], p => p[1]);
        return test.Test.Condition.Eval(l => map.TryGetValue(l.ToString(), out var v) ? v : "0");
    }
}
