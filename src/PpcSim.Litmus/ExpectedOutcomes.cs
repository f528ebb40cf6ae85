using System.Text.Json;

namespace PpcSim.Litmus;

/// <summary>
/// The allowed final states of tests, from ../shared/litmus/expected.tsv or expected.json (herd7's
/// complete state sets): per test, the observed keys and every allowed state projected on them.
/// </summary>
public sealed class ExpectedOutcomes
{
    private readonly Dictionary<string, Entry> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _byFile = new(StringComparer.Ordinal);

    public sealed class Entry
    {
        public required string Test { get; init; }
        public required string File { get; init; }
        public required string Verdict { get; init; }
        public required string Condition { get; init; }
        public required IReadOnlyList<string> Keys { get; init; }
        /// <summary>Allowed states, each "k=v; k=v;" over <see cref="Keys"/> in order.</summary>
        public required IReadOnlySet<string> States { get; init; }
        public long? HardwareSeen { get; init; }

        /// <summary>Projects an outcome on this entry's keys in the same spelling as <see cref="States"/>.</summary>
        public string Project(Outcome o) => string.Join(" ", Keys.Select(k => $"{k}={(o.Values.TryGetValue(k, out var v) ? v : "?")};"));
    }

    public int Count => _byName.Count;
    public IEnumerable<Entry> Entries => _byName.Values;

    public Entry? Find(LitmusTest test) =>
        _byName.TryGetValue(test.Name, out var e) ? e : _byFile.TryGetValue(Path.GetFileName(test.File), out e) ? e : null;

    public static ExpectedOutcomes Load(string path)
    {
        var r = new ExpectedOutcomes();
        string text = File.ReadAllText(path);
        if (text.TrimStart().StartsWith('{')) r.LoadJson(text);
        else r.LoadTsv(text, path);
        return r;
    }

    private void Add(Entry e)
    {
        _byName[e.Test] = e;
        _byFile[e.File] = e;
    }

    private void LoadJson(string text)
    {
        using var doc = JsonDocument.Parse(text);
        foreach (var t in doc.RootElement.GetProperty("tests").EnumerateArray())
        {
            var keys = t.GetProperty("observed_keys").EnumerateArray().Select(k => k.GetString()!).ToList();
            var states = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in t.GetProperty("states").EnumerateArray())
                states.Add(string.Join(" ", keys.Select(k => $"{k}={s.GetProperty(k).GetString()};")));
            long? seen = t.TryGetProperty("hw_seen", out var hs) && hs.ValueKind == JsonValueKind.Number ? hs.GetInt64() : null;
            Add(new Entry
            {
                Test = t.GetProperty("test").GetString()!,
                File = t.GetProperty("file").GetString()!,
                Verdict = t.GetProperty("verdict").GetString()!,
                Condition = t.GetProperty("condition").GetString()!,
                Keys = keys,
                States = states,
                HardwareSeen = seen,
            });
        }
    }

    private void LoadTsv(string text, string path)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var header = lines[0].Split('\t');
        int Col(string name) => Array.IndexOf(header, name) is int i and >= 0 ? i : throw new FormatException($"{path}: no '{name}' column");
        int cTest = Col("test"), cFile = Col("file"), cVerdict = Col("verdict"), cStates = Col("states"), cCond = Col("condition");
        int cSeen = Array.IndexOf(header, "hw_seen");
        foreach (var line in lines.Skip(1))
        {
            if (line.Trim().Length == 0) continue;
            var f = line.Split('\t');
            var states = f[cStates].Split('|').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            var keys = states.Count > 0 ? states[0].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim().Split('=')[0]).ToList() : [];
            Add(new Entry
            {
                Test = f[cTest],
                File = f[cFile],
                Verdict = f[cVerdict],
                Condition = f[cCond],
                Keys = keys,
                States = states.ToHashSet(StringComparer.Ordinal),
                HardwareSeen = cSeen >= 0 && long.TryParse(f[cSeen], out long s) ? s : null,
            });
        }
    }
}
