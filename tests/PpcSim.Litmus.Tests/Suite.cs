using System.Collections.Concurrent;
using PpcSim.Litmus;
using PpcSim.TestSupport;

namespace PpcSim.Litmus.Tests;

/// <summary>The shared litmus suite (../shared/litmus next to the repository) and herd7's expected states.</summary>
internal static class Suite
{
    public static string Dir { get; } = Path.GetFullPath(Path.Combine(Tools.RepoRoot, "..", "shared", "litmus"));

    private static readonly Lazy<ExpectedOutcomes> s_expected = new(() =>
    {
        string path = Path.Combine(Dir, "expected.json");
        if (!File.Exists(path)) throw new InvalidOperationException($"litmus suite not found: {path}");
        return ExpectedOutcomes.Load(path);
    });

    private static readonly ConcurrentDictionary<string, CompiledLitmus> s_compiled = new();

    public static ExpectedOutcomes Expected => s_expected.Value;

    /// <summary>Test names (one per .litmus file in the suite).</summary>
    public static List<string> NameList() => Expected.Entries.Select(e => e.Test).OrderBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>The same, for xunit theories.</summary>
    public static TheoryData<string> Names()
    {
        var d = new TheoryData<string>();
        foreach (var n in NameList()) d.Add(n);
        return d;
    }

    public static ExpectedOutcomes.Entry Entry(string name) => Expected.Entries.Single(e => e.Test == name);

    public static CompiledLitmus Compile(string name) =>
        s_compiled.GetOrAdd(name, n => CompiledLitmus.Compile(LitmusParser.ParseFile(Path.Combine(Dir, Entry(n).File))));

    /// <summary>Outcomes not in herd7's allowed set (projected on its observed keys).</summary>
    public static List<string> Unsound(ExpectedOutcomes.Entry e, LitmusOutcomes r) =>
        r.Outcomes.Select(o => (o, p: e.Project(o))).Where(x => !e.States.Contains(x.p)).Select(x => $"{x.p} ({x.o.Count}x)").ToList();

    public static HashSet<string> Reached(ExpectedOutcomes.Entry e, LitmusOutcomes r) => r.Outcomes.Select(e.Project).ToHashSet();

    /// <summary>The witness states: allowed states that satisfy the test's condition.</summary>
    public static List<string> Witnesses(string name)
    {
        var e = Entry(name);
        var c = Compile(name);
        var result = new List<string>();
        foreach (var s in e.States)
        {
            var map = s.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim().Split('=')).ToDictionary(p => p[0], p => p[1]);
            if (c.Test.Condition.Eval(l => map.TryGetValue(l.ToString(), out var v) ? v : "0")) result.Add(s);
        }
        return result;
    }

    /// <summary>Appends a line to build/test-results/litmus-report.txt (test.sh's results folder) and returns it.</summary>
    public static string Report(string line)
    {
        try
        {
            string dir = Path.Combine(Tools.RepoRoot, "build", "test-results");
            Directory.CreateDirectory(dir);
            lock (s_reportLock) File.AppendAllText(Path.Combine(dir, "litmus-report.txt"), line + "\n");
        }
        catch (IOException)
        {
        }
        return line;
    }

    private static readonly object s_reportLock = new();
}
