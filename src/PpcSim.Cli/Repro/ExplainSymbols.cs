using System.Buffers.Binary;
using System.Text;

namespace PpcSim.Cli.Repro;

/// <summary>
/// Function symbols of an ELF (the kernel, the workload) for naming addresses and for probes.
/// A probe goes on a function's local entry point (ELFv2 st_other: calls inside one module branch
/// there, past the global entry's TOC setup), so it sees direct and indirect calls once each.
/// </summary>
public sealed class ExplainSymbols
{
    private readonly SortedList<ulong, string> _byAddress = [];
    private readonly Dictionary<string, ulong> _localEntry = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ulong Address, ulong Size)> _sized = new(StringComparer.Ordinal);

    public static ExplainSymbols Load(params string?[] paths)
    {
        var s = new ExplainSymbols();
        foreach (var p in paths)
            if (p != null && File.Exists(p)) s.Read(File.ReadAllBytes(p));
        return s;
    }

    public int Count => _byAddress.Count;

    /// <summary>The address to probe for entries to <paramref name="name"/>, or null if the ELF has no such function.</summary>
    public ulong? Entry(string name) => _localEntry.TryGetValue(name, out var a) ? a : null;

    /// <summary>A function or data object with its address and size (st_size; 0 when the ELF gives none), or null.</summary>
    public (ulong Address, ulong Size)? Sized(string name) => _sized.TryGetValue(name, out var v) ? v : null;

    /// <summary>"symbol+0xoff" for the nearest function or object at or below the address, or null.</summary>
    public string? Describe(ulong addr)
    {
        var keys = _byAddress.Keys;
        int lo = 0, hi = keys.Count - 1, best = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (keys[mid] <= addr) { best = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (best < 0) return null;
        ulong b = keys[best];
        // Too far from any symbol to be inside it: say nothing rather than something wrong.
        if (addr - b > 0x10000) return null;
        string n = _byAddress.Values[best];
        return addr == b ? n : $"{n}+0x{addr - b:x}";
    }

    private void Read(byte[] d)
    {
        if (d.Length < 64 || d[0] != 0x7f || d[1] != (byte)'E' || d[4] != 2 || d[5] != 1) return; // ELF64 little-endian only
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(0x28));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(0x3a));
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(0x3c));
        for (int i = 0; i < shnum; i++)
        {
            var sh = d.AsSpan((int)shoff + i * shentsize, 64);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]);
            if (type != 2) continue; // SHT_SYMTAB
            ulong off = BinaryPrimitives.ReadUInt64LittleEndian(sh[24..]);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(sh[32..]);
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[40..]);
            ulong strOff = BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan((int)shoff + link * shentsize + 24));
            for (ulong e = 0; e + 24 <= size; e += 24)
            {
                var sym = d.AsSpan((int)(off + e), 24);
                byte info = sym[4], other = sym[5];
                ushort shndx = BinaryPrimitives.ReadUInt16LittleEndian(sym[6..]);
                ulong value = BinaryPrimitives.ReadUInt64LittleEndian(sym[8..]);
                int symType = info & 0xf;
                if (shndx == 0 || symType > 2) continue; // functions, data objects and untyped asm labels
                int nameAt = (int)(strOff + BinaryPrimitives.ReadUInt32LittleEndian(sym));
                int end = Array.IndexOf(d, (byte)0, nameAt);
                string name = Encoding.UTF8.GetString(d, nameAt, end - nameAt);
                if (name.Length == 0 || name.StartsWith('.') || name.StartsWith('$')) continue;
                if (symType != 0 || !_sized.ContainsKey(name)) _sized[name] = (value, BinaryPrimitives.ReadUInt64LittleEndian(sym[16..]));
                if (symType == 1) continue; // objects are for --watch only: probes and names stay on code
                if (symType == 2 || !_byAddress.ContainsKey(value)) _byAddress[value] = name;
                // PPC64_LOCAL_ENTRY_OFFSET: st_other bits 5-7 encode the local entry's distance.
                int v = (other >> 5) & 7;
                ulong local = v >= 2 ? (ulong)(((1 << v) >> 2) << 2) : 0;
                if (symType == 2 || !_localEntry.ContainsKey(name)) _localEntry[name] = value + local;
            }
        }
    }
}
