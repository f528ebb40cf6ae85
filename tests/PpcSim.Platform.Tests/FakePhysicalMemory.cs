using System.Buffers.Binary;
using PpcSim.Memory.Mmu;

namespace PpcSim.Platform.Tests;

/// <summary>A small flat physical memory for page-table tests.</summary>
internal sealed class FakePhysicalMemory(int size) : IPhysicalMemory
{
    public byte[] Bytes { get; } = new byte[size];

    public bool TryReadBigEndian64(ulong pa, out ulong value)
    {
        value = 0;
        if (pa + 8 > (ulong)Bytes.Length) return false;
        value = BinaryPrimitives.ReadUInt64BigEndian(Bytes.AsSpan((int)pa));
        return true;
    }

    public bool TryOrBigEndian64(ulong pa, ulong bits)
    {
        if (!TryReadBigEndian64(pa, out ulong v)) return false;
        BinaryPrimitives.WriteUInt64BigEndian(Bytes.AsSpan((int)pa), v | bits);
        return true;
    }

    public void Write(ulong pa, ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Bytes.AsSpan((int)pa), value);

    public ulong Read(ulong pa) => BinaryPrimitives.ReadUInt64BigEndian(Bytes.AsSpan((int)pa));
}
