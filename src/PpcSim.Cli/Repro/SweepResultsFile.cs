using System.Text;
using System.Text.Json;

namespace PpcSim.Cli.Repro;

/// <summary>
/// The sweep's JSONL file: one run per line, appended and flushed line by line so a kill loses
/// nothing already written. On load a last line without its newline (cut by a kill mid-write) is
/// cut off the file and its run redone; a line that is not JSON is skipped (and its run redone).
/// </summary>
public sealed class SweepResultsFile : IDisposable
{
    private readonly FileStream? _stream;

    /// <summary>Parsed runs already in the file, first occurrence of each (seed, variant).</summary>
    public IReadOnlyDictionary<(ulong Seed, string Variant), JsonElement> Done { get; }
    /// <summary>Bytes of a partial last line removed on load (0: the file ended cleanly).</summary>
    public long TruncatedBytes { get; }
    /// <summary>Complete lines that did not parse as a run and were skipped.</summary>
    public int BadLines { get; }

    private SweepResultsFile(FileStream? stream, Dictionary<(ulong, string), JsonElement> done, long truncated, int bad)
    {
        _stream = stream;
        Done = done;
        TruncatedBytes = truncated;
        BadLines = bad;
    }

    /// <summary>No file: results are kept in memory only.</summary>
    public static SweepResultsFile InMemory() => new(null, new(), 0, 0);

    public static SweepResultsFile Open(string path)
    {
        var done = new Dictionary<(ulong, string), JsonElement>();
        long truncated = 0;
        int bad = 0;
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        var fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            byte[] all = new byte[fs.Length];
            fs.ReadExactly(all);
            int end = Array.LastIndexOf(all, (byte)'\n') + 1; // bytes up to and including the last newline
            if (end < all.Length)
            {
                truncated = all.Length - end;
                fs.SetLength(end);
            }
            int start = 0;
            while (start < end)
            {
                int nl = Array.IndexOf(all, (byte)'\n', start);
                var line = all.AsSpan(start, nl - start);
                start = nl + 1;
                if (line.IndexOfAnyExcept((byte)' ', (byte)'\r', (byte)'\t') < 0) continue; // blank
                if (TryParse(line, out var key, out var e)) done.TryAdd(key, e);
                else bad++;
            }
            fs.Seek(0, SeekOrigin.End);
        }
        catch
        {
            fs.Dispose();
            throw;
        }
        return new SweepResultsFile(fs, done, truncated, bad);
    }

    private static bool TryParse(ReadOnlySpan<byte> line, out (ulong, string) key, out JsonElement e)
    {
        key = default;
        e = default;
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("seed", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetUInt64(out var seed)
                || !root.TryGetProperty("variant", out var v) || v.ValueKind != JsonValueKind.String)
                return false;
            key = (seed, v.GetString()!);
            e = root.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Appends one run's line and flushes it to the OS (a kill after this returns keeps it).</summary>
    public void Append(string jsonLine)
    {
        if (_stream == null) return;
        _stream.Write(Encoding.UTF8.GetBytes(jsonLine + "\n"));
        _stream.Flush();
    }

    public void Dispose() => _stream?.Dispose();
}
