using System.Text;

namespace PpcSim.Platform;

/// <summary>
/// The kernel's boot configuration block inside a firmware image: the 16-byte magic
/// "PPCSIM-BOOTCFG\0\0" followed by <see cref="Capacity"/> bytes of "key=value\n" text ending in
/// NUL. The image's own text holds the defaults and so names every key the kernel knows;
/// <see cref="Set"/> rejects unknown keys. Both ppcsim boot and firmware/run-qemu.sh patch it.
/// </summary>
public sealed class BootConfigBlock
{
    public static readonly byte[] Magic = "PPCSIM-BOOTCFG\0\0"u8.ToArray();
    public const int Capacity = 4096 - 16;
    private readonly List<KeyValuePair<string, string>> _entries = [];

    private BootConfigBlock(int offset) => Offset = offset;

    /// <summary>Offset of the text (just after the magic) in the image.</summary>
    public int Offset { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    public static BootConfigBlock? Find(byte[] image)
    {
        int at = image.AsSpan().IndexOf(Magic);
        if (at < 0 || at + Magic.Length + Capacity > image.Length) return null;
        var block = new BootConfigBlock(at + Magic.Length);
        var text = image.AsSpan(block.Offset, Capacity);
        int end = text.IndexOf((byte)0);
        foreach (var line in Encoding.ASCII.GetString(end < 0 ? text : text[..end]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = line.IndexOf('=');
            if (eq > 0) block._entries.Add(new(line[..eq], line[(eq + 1)..]));
        }
        return block;
    }

    public string? Get(string key) => _entries.FirstOrDefault(e => e.Key == key).Value;

    /// <summary>Sets a known key; returns an error message for unknown keys or bad text, else null.</summary>
    public string? Set(string key, string value)
    {
        int i = _entries.FindIndex(e => e.Key == key);
        if (i < 0) return $"unknown boot setting '{key}' (known: {string.Join(", ", _entries.Select(e => e.Key))})";
        if (value.Any(ch => ch is '\n' or '\0' or '=' || ch > 0x7e || ch < 0x20)) return $"bad value for '{key}'";
        _entries[i] = new(key, value);
        return null;
    }

    public void WriteTo(byte[] image)
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(_entries.Select(e => $"{e.Key}={e.Value}\n")));
        if (text.Length >= Capacity) throw new InvalidOperationException("boot configuration too long");
        Array.Clear(image, Offset, Capacity);
        text.CopyTo(image, Offset);
    }
}
