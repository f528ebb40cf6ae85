using System.Buffers.Binary;
using PpcSim.Memory.Mmu;

namespace PpcSim.Platform;

/// <summary>
/// The machine's RAM from real address 0: 64 KiB chunks allocated when first touched, so a
/// large configured size costs only what the guest uses. Tracks which 4 KiB pages hold decoded
/// code so that writes to them can invalidate decode caches.
/// </summary>
public sealed class PhysicalMemory : IPhysicalMemory, PpcSim.Devices.IDmaMemory
{
    public const int ChunkShift = 16;
    public const int ChunkSize = 1 << ChunkShift;
    private readonly byte[]?[] _chunks;
    private readonly HashSet<ulong> _codePages = [];

    public PhysicalMemory(ulong size)
    {
        if (size == 0 || size % ChunkSize != 0 || size > (64UL << 30)) throw new ArgumentOutOfRangeException(nameof(size), "RAM size must be a multiple of 64 KiB, at most 64 GiB");
        Size = size;
        _chunks = new byte[]?[size >> ChunkShift];
    }

    public ulong Size { get; }
    public int AllocatedChunks => _chunks.Count(c => c != null);

    /// <summary>Raised with the real address of a written page that held decoded code.</summary>
    public Action<ulong>? CodeWritten { get; set; }

    public bool Contains(ulong pa, int size) => pa + (ulong)size <= Size && pa + (ulong)size >= pa;

    /// <summary>The chunk array holding <paramref name="pa"/> (allocated on demand) and the offset of pa in it.</summary>
    public byte[] Chunk(ulong pa, out int offset)
    {
        ulong idx = pa >> ChunkShift;
        offset = (int)(pa & (ChunkSize - 1));
        return _chunks[idx] ??= new byte[ChunkSize];
    }

    public void MarkCode(ulong pa) => _codePages.Add(pa >> 12);

    public bool IsCode(ulong pa) => _codePages.Count != 0 && _codePages.Contains(pa >> 12);

    public void NoteWrite(ulong pa)
    {
        if (_codePages.Remove(pa >> 12)) CodeWritten?.Invoke(pa & ~0xfffUL);
    }

    public ulong ReadLe(ulong pa, int size)
    {
        if ((pa & (ChunkSize - 1)) + (ulong)size <= ChunkSize)
        {
            var c = Chunk(pa, out int off);
            return size switch
            {
                1 => c[off],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(c.AsSpan(off)),
                4 => BinaryPrimitives.ReadUInt32LittleEndian(c.AsSpan(off)),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(c.AsSpan(off)),
            };
        }
        ulong v = 0;
        for (int i = 0; i < size; i++)
        {
            var c = Chunk(pa + (ulong)i, out int off);
            v |= (ulong)c[off] << (8 * i);
        }
        return v;
    }

    public void WriteLe(ulong pa, int size, ulong value)
    {
        for (int i = 0; i < size; i++)
        {
            var c = Chunk(pa + (ulong)i, out int off);
            c[off] = (byte)(value >> (8 * i));
        }
        NoteWrite(pa);
        if (((pa + (ulong)size - 1) >> 12) != (pa >> 12)) NoteWrite(pa + (ulong)size - 1);
    }

    public void WriteBytes(ulong pa, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length;)
        {
            var c = Chunk(pa + (ulong)i, out int off);
            int n = Math.Min(data.Length - i, ChunkSize - off);
            data.Slice(i, n).CopyTo(c.AsSpan(off));
            for (ulong p = (pa + (ulong)i) & ~0xfffUL; p < pa + (ulong)(i + n); p += 0x1000) NoteWrite(p);
            i += n;
        }
    }

    public void ReadBytes(ulong pa, Span<byte> dest)
    {
        for (int i = 0; i < dest.Length;)
        {
            var c = Chunk(pa + (ulong)i, out int off);
            int n = Math.Min(dest.Length - i, ChunkSize - off);
            c.AsSpan(off, n).CopyTo(dest.Slice(i, n));
            i += n;
        }
    }

    public bool DmaRead(ulong pa, Span<byte> dest)
    {
        if (!Contains(pa, dest.Length)) return false;
        ReadBytes(pa, dest);
        return true;
    }

    public bool DmaWrite(ulong pa, ReadOnlySpan<byte> src)
    {
        if (!Contains(pa, src.Length)) return false;
        WriteBytes(pa, src);
        DmaWritten?.Invoke(pa, src.Length);
        return true;
    }

    /// <summary>Raised after a device wrote guest memory (the machine clears reservations on it).</summary>
    public Action<ulong, int>? DmaWritten { get; set; }

    public bool TryReadBigEndian64(ulong pa, out ulong value)
    {
        value = 0;
        if (!Contains(pa, 8)) return false;
        value = BinaryPrimitives.ReverseEndianness(ReadLe(pa, 8));
        return true;
    }

    public bool TryOrBigEndian64(ulong pa, ulong bits)
    {
        if (!TryReadBigEndian64(pa, out ulong v)) return false;
        WriteLe(pa, 8, BinaryPrimitives.ReverseEndianness(v | bits));
        return true;
    }

    /// <summary>A stable hash of RAM contents (allocated chunks in address order), for run fingerprints.</summary>
    public ulong Hash()
    {
        ulong h = 0xcbf29ce484222325UL;
        for (int i = 0; i < _chunks.Length; i++)
        {
            var c = _chunks[i];
            if (c == null) continue;
            h = (h ^ (ulong)i) * 0x100000001b3UL;
            foreach (ulong w in System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(c)) h = (h ^ w) * 0x100000001b3UL;
        }
        return h;
    }

    /// <summary>Reads RAM for a debugger without allocating chunks (never-written memory reads as zero), so looking changes nothing.</summary>
    public void Peek(ulong pa, Span<byte> dest)
    {
        for (int i = 0; i < dest.Length;)
        {
            ulong a = pa + (ulong)i;
            int off = (int)(a & (ChunkSize - 1));
            int n = Math.Min(dest.Length - i, ChunkSize - off);
            var c = _chunks[a >> ChunkShift];
            if (c == null) dest.Slice(i, n).Clear();
            else c.AsSpan(off, n).CopyTo(dest.Slice(i, n));
            i += n;
        }
    }
}
