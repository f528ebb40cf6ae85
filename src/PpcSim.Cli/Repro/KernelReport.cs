using System.Globalization;
using System.Text.RegularExpressions;

namespace PpcSim.Cli.Repro;

/// <summary>
/// The kernel's `repro:` lines of the contract (issue 5): the one `repro: stats key=value ...`
/// line (every key kept, in the kernel's order), the `repro: corrupt page ...` lines and the
/// `repro: chain: ...` lines. The guest's view; <see cref="DiskVerifier"/> is the check of record.
/// </summary>
public sealed partial record KernelReport
{
    /// <summary>A stats line was printed (the repro phase reached its end).</summary>
    public bool HasStats { get; init; }
    /// <summary>Every key=value of the stats line in printed order (values as printed).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Stats { get; init; } = [];
    public IReadOnlyList<KernelCorruptPage> CorruptPages { get; init; } = [];
    public IReadOnlyList<string> Chain { get; init; } = [];

    /// <summary>A decimal stat, or null when the kernel did not print it (or printed something else).</summary>
    public ulong? Stat(string key)
    {
        for (int i = Stats.Count - 1; i >= 0; i--)
            if (Stats[i].Key == key)
                return ulong.TryParse(Stats[i].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        return null;
    }

    public static KernelReport Parse(string console)
    {
        var stats = new List<KeyValuePair<string, string>>();
        var pages = new List<KernelCorruptPage>();
        var chain = new List<string>();
        bool hasStats = false;
        foreach (var raw in console.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("repro: stats", StringComparison.Ordinal))
            {
                hasStats = true;
                foreach (Match kv in KeyValue().Matches(line))
                {
                    string key = kv.Groups[1].Value, value = kv.Groups[2].Value;
                    int at = stats.FindIndex(e => e.Key == key);
                    if (at >= 0) stats[at] = new(key, value); // a repeated key: the later value, first position
                    else stats.Add(new(key, value));
                }
            }
            else if (line.StartsWith("repro: chain:", StringComparison.Ordinal))
                chain.Add(line["repro: chain:".Length..].Trim());
            else if (CorruptPage().Match(line) is { Success: true } m
                     && Number(m.Groups[1].Value) is { } page && Number(m.Groups[2].Value) is { } offset
                     && Number(m.Groups[3].Value) is { } expected && Number(m.Groups[4].Value) is { } found)
                pages.Add(new KernelCorruptPage(page, offset, expected, found));
        }
        return new KernelReport { HasStats = hasStats, Stats = stats, CorruptPages = pages, Chain = chain };
    }

    /// <summary>Decimal, or hexadecimal with a 0x prefix; null when it does not fit 64 bits (a garbled line is skipped).</summary>
    internal static ulong? Number(string s) =>
        s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : null
            : ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;

    [GeneratedRegex(@"(?<=\s)([A-Za-z_][A-Za-z0-9_]*)=(\S+)")]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"^repro: corrupt page (0x[0-9a-fA-F]+|[0-9]+) offset (0x[0-9a-fA-F]+|[0-9]+) expected (0x[0-9a-fA-F]+|[0-9]+) found (0x[0-9a-fA-F]+|[0-9]+)")]
    private static partial Regex CorruptPage();
}
