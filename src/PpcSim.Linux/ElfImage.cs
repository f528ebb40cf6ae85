using System.Buffers.Binary;
using System.Text;

namespace PpcSim.Linux;

/// <summary>
/// A static 64-bit little-endian PowerPC ELF executable (ELFv2): load segments, entry point,
/// program headers for the auxiliary vector, and symbols for disassembly and breakpoints.
/// </summary>
public sealed class ElfImage
{
    private const ushort EmPpc64 = 21;
    private readonly SortedList<ulong, string> _symbols = [];

    private ElfImage() { }

    public ulong Entry { get; private set; }
    public ushort Type { get; private set; }
    public IReadOnlyList<ElfSegment> Segments { get; private set; } = [];
    public IReadOnlyList<ElfSection> Sections { get; private set; } = [];
    public IEnumerable<ElfSection> CodeSections => Sections.Where(s => s.Executable && s.Data.Length > 0);
    public ulong ProgramHeaderOffset { get; private set; }
    public ushort ProgramHeaderCount { get; private set; }
    public ushort ProgramHeaderEntrySize { get; private set; }
    /// <summary>Virtual address of the program headers (for AT_PHDR), if a load segment covers them.</summary>
    public ulong ProgramHeaderAddress { get; private set; }
    public IReadOnlyDictionary<ulong, string> Symbols => _symbols;
    public ulong TlsSegmentSize { get; private set; }
    /// <summary>Full host path of the file it was loaded from (null when parsed from bytes).</summary>
    public string? Path { get; private set; }

    public static ElfImage Load(string path)
    {
        byte[] data;
        if (Directory.Exists(path)) throw new ElfFormatException($"{path}: is a directory, not an ELF file");
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ElfFormatException($"{path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}");
        }
        var img = Parse(data, path);
        img.Path = System.IO.Path.GetFullPath(path);
        return img;
    }

    public static ElfImage Parse(byte[] d, string name = "image")
    {
        if (d.Length < 16 || d[0] != 0x7f || d[1] != (byte)'E' || d[2] != (byte)'L' || d[3] != (byte)'F')
            throw new ElfFormatException($"{name}: not an ELF file");
        if (d[4] == 1) throw new ElfFormatException($"{name}: 32-bit ELF; PpcSim runs 64-bit ppc64le programs");
        if (d[4] != 2) throw new ElfFormatException($"{name}: unknown ELF class {d[4]}");
        if (d[5] == 2) throw new ElfFormatException($"{name}: big-endian ELF; PpcSim runs little-endian ppc64le programs");
        if (d[5] != 1) throw new ElfFormatException($"{name}: unknown ELF data encoding {d[5]}");
        if (d.Length < 64) throw new ElfFormatException($"{name}: truncated ELF header");
        var s = d.AsSpan();
        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(s[18..]);
        if (machine != EmPpc64) throw new ElfFormatException($"{name}: ELF machine {machine} is not PowerPC64 (21)");
        var img = new ElfImage
        {
            Type = BinaryPrimitives.ReadUInt16LittleEndian(s[16..]),
            Entry = BinaryPrimitives.ReadUInt64LittleEndian(s[24..]),
            ProgramHeaderOffset = BinaryPrimitives.ReadUInt64LittleEndian(s[32..]),
            ProgramHeaderEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(s[54..]),
            ProgramHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(s[56..]),
        };
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(s[40..]);
        ushort shentsize = BinaryPrimitives.ReadUInt16LittleEndian(s[58..]);
        ushort shnum = BinaryPrimitives.ReadUInt16LittleEndian(s[60..]);
        ushort shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(s[62..]);
        if (img.Type != 2 && img.Type != 3) throw new ElfFormatException($"{name}: not an executable (ELF type {img.Type})");
        if (img.ProgramHeaderCount == 0) throw new ElfFormatException($"{name}: no program headers");
        if (img.ProgramHeaderEntrySize != 56) throw new ElfFormatException($"{name}: corrupt ELF header (program header size {img.ProgramHeaderEntrySize})");
        if (img.ProgramHeaderOffset + (ulong)img.ProgramHeaderCount * 56 > (ulong)d.Length)
            throw new ElfFormatException($"{name}: truncated ELF file (program headers end past the end of the file)");
        if (shnum != 0 && shoff + (ulong)shnum * shentsize > (ulong)d.Length)
            throw new ElfFormatException($"{name}: truncated ELF file (section headers end past the end of the file)");
        try
        {
            var segs = new List<ElfSegment>();
            for (int i = 0; i < img.ProgramHeaderCount; i++)
            {
                var ph = s.Slice(checked((int)img.ProgramHeaderOffset + i * img.ProgramHeaderEntrySize), 56);
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(ph);
                uint flags = BinaryPrimitives.ReadUInt32LittleEndian(ph[4..]);
                ulong off = BinaryPrimitives.ReadUInt64LittleEndian(ph[8..]);
                ulong vaddr = BinaryPrimitives.ReadUInt64LittleEndian(ph[16..]);
                ulong filesz = BinaryPrimitives.ReadUInt64LittleEndian(ph[32..]);
                ulong memsz = BinaryPrimitives.ReadUInt64LittleEndian(ph[40..]);
                ulong align = BinaryPrimitives.ReadUInt64LittleEndian(ph[48..]);
                if (type == 3) throw new ElfFormatException($"{name}: dynamically linked (has PT_INTERP); PpcSim runs static programs");
                if (type == 7) img.TlsSegmentSize = memsz;
                if (type != 1) continue;
                if (off > (ulong)d.Length || filesz > (ulong)d.Length - off) throw new ElfFormatException($"{name}: truncated ELF file (segment {i} ends past the end of the file)");
                if (filesz > memsz) throw new ElfFormatException($"{name}: corrupt program header {i} (file size above memory size)");
                segs.Add(new ElfSegment(vaddr, memsz, d.AsSpan((int)off, (int)filesz).ToArray(), flags, align));
                if (img.ProgramHeaderOffset >= off && img.ProgramHeaderOffset < off + filesz)
                    img.ProgramHeaderAddress = vaddr + (img.ProgramHeaderOffset - off);
            }
            img.Segments = segs;
            var sections = new List<ElfSection>();
            if (shoff != 0 && shnum != 0 && shstrndx < shnum)
            {
                ReadOnlySpan<byte> Sh(int i) => d.AsSpan(checked((int)shoff + i * shentsize), 64);
                var strSh = Sh(shstrndx);
                int strOff = (int)BinaryPrimitives.ReadUInt64LittleEndian(strSh[24..]);
                for (int i = 0; i < shnum; i++)
                {
                    var sh = Sh(i);
                    uint nameOff = BinaryPrimitives.ReadUInt32LittleEndian(sh);
                    uint type = BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]);
                    ulong flags = BinaryPrimitives.ReadUInt64LittleEndian(sh[8..]);
                    ulong addr = BinaryPrimitives.ReadUInt64LittleEndian(sh[16..]);
                    ulong off = BinaryPrimitives.ReadUInt64LittleEndian(sh[24..]);
                    ulong size = BinaryPrimitives.ReadUInt64LittleEndian(sh[32..]);
                    uint link = BinaryPrimitives.ReadUInt32LittleEndian(sh[40..]);
                    ulong entsize = BinaryPrimitives.ReadUInt64LittleEndian(sh[56..]);
                    string secName = CString(s, strOff + (int)nameOff);
                    bool exec = (flags & 4) != 0 && (flags & 2) != 0;
                    byte[] bytes = type == 8 ? [] : s.Slice((int)off, (int)size).ToArray();
                    sections.Add(new ElfSection(secName, addr, bytes, exec && type == 1));
                    if (type == 2 && entsize == 24)
                    {
                        var ranks = new Dictionary<ulong, (int Kind, int Local, int NotGlobal, string Name)>();
                        var strtab = Sh((int)link);
                        int stOff = (int)BinaryPrimitives.ReadUInt64LittleEndian(strtab[24..]);
                        for (ulong e = 0; e < size / 24; e++)
                        {
                            var sym = s.Slice((int)(off + e * 24), 24);
                            byte info = sym[4];
                            ushort shndx = BinaryPrimitives.ReadUInt16LittleEndian(sym[6..]);
                            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(sym[8..]);
                            int symType = info & 0xf;
                            if (shndx == 0 || (symType != 1 && symType != 2 && symType != 0)) continue;
                            string symName = CString(s, stOff + (int)BinaryPrimitives.ReadUInt32LittleEndian(sym));
                            if (symName.Length == 0 || symName.StartsWith('$')) continue;
                            var rank = (Kind: symType == 2 ? 0 : 1, Local: (info >> 4) == 0 ? 1 : 0, NotGlobal: (info >> 4) == 1 ? 0 : 1, Name: symName);
                            if (!ranks.TryGetValue(value, out var old) || BetterSymbol(rank, old))
                            {
                                ranks[value] = rank;
                                img._symbols[value] = symName;
                            }
                        }
                    }
                }
            }
            img.Sections = sections;
        }
        catch (ArgumentException)
        {
            throw new ElfFormatException($"{name}: truncated or corrupt ELF");
        }
        catch (OverflowException)
        {
            throw new ElfFormatException($"{name}: corrupt ELF header");
        }
        if (img.Segments.Count == 0) throw new ElfFormatException($"{name}: no loadable segments");
        return img;
    }

    /// <summary>
    /// Which of several symbols at one address objdump names (its symbol sort): functions before
    /// other symbols, non-local before local, global before weak, then the ordinal name order.
    /// </summary>
    private static bool BetterSymbol((int Kind, int Local, int NotGlobal, string Name) a, (int Kind, int Local, int NotGlobal, string Name) b)
    {
        if (a.Kind != b.Kind) return a.Kind < b.Kind;
        if (a.Local != b.Local) return a.Local < b.Local;
        if (a.NotGlobal != b.NotGlobal) return a.NotGlobal < b.NotGlobal;
        return string.CompareOrdinal(a.Name, b.Name) < 0;
    }

    private static string CString(ReadOnlySpan<byte> s, int off)
    {
        if (off < 0 || off >= s.Length) return "";
        int end = s[off..].IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? s[off..] : s.Slice(off, end));
    }

    /// <summary>The symbol starting exactly at <paramref name="addr"/>, if any.</summary>
    public string? SymbolAt(ulong addr) => _symbols.TryGetValue(addr, out var n) ? n : null;

    /// <summary>objdump's "sym+0x10" for an address (nearest symbol at or below it).</summary>
    public string Describe(ulong addr)
    {
        var keys = _symbols.Keys;
        int lo = 0, hi = keys.Count - 1, best = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (keys[mid] <= addr) { best = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (best < 0) return $"0x{addr:x}";
        ulong baseAddr = keys[best];
        string n = _symbols.Values[best];
        return addr == baseAddr ? n : $"{n}+0x{addr - baseAddr:x}";
    }

    /// <summary>Address of a symbol by name (for breakpoints), or null.</summary>
    public ulong? Lookup(string name)
    {
        foreach (var kv in _symbols) if (kv.Value == name) return kv.Key;
        return null;
    }
}
