using System.Runtime.InteropServices;

namespace PpcSim.Core;

/// <summary>
/// A 128-bit VSR in the ISA's numbering: <see cref="Dw0"/> is doubleword 0, the most significant
/// half (FPRn is Dw0 of VSRn). Word i / byte i count from the most significant end as in the ISA.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct Vec128 : IEquatable<Vec128>
{
    /// <summary>Least significant doubleword (ISA doubleword 1). Stored first so memory order is little-endian.</summary>
    public ulong Dw1;
    /// <summary>Most significant doubleword (ISA doubleword 0).</summary>
    public ulong Dw0;

    public Vec128(ulong dw0, ulong dw1)
    {
        Dw0 = dw0;
        Dw1 = dw1;
    }

    /// <summary>Word element i (0 = most significant), as the ISA numbers them.</summary>
    public readonly uint GetWord(int i) => i switch
    {
        0 => (uint)(Dw0 >> 32),
        1 => (uint)Dw0,
        2 => (uint)(Dw1 >> 32),
        _ => (uint)Dw1,
    };

    public void SetWord(int i, uint v)
    {
        switch (i)
        {
            case 0: Dw0 = (Dw0 & 0xffffffffUL) | ((ulong)v << 32); break;
            case 1: Dw0 = (Dw0 & 0xffffffff00000000UL) | v; break;
            case 2: Dw1 = (Dw1 & 0xffffffffUL) | ((ulong)v << 32); break;
            default: Dw1 = (Dw1 & 0xffffffff00000000UL) | v; break;
        }
    }

    /// <summary>Byte element i (0 = most significant).</summary>
    public readonly byte GetByte(int i) => (byte)(i < 8 ? Dw0 >> ((7 - i) * 8) : Dw1 >> ((15 - i) * 8));

    public void SetByte(int i, byte v)
    {
        if (i < 8)
        {
            int sh = (7 - i) * 8;
            Dw0 = (Dw0 & ~(0xffUL << sh)) | ((ulong)v << sh);
        }
        else
        {
            int sh = (15 - i) * 8;
            Dw1 = (Dw1 & ~(0xffUL << sh)) | ((ulong)v << sh);
        }
    }

    /// <summary>Halfword element i (0 = most significant).</summary>
    public readonly ushort GetHalf(int i) => (ushort)(i < 4 ? Dw0 >> ((3 - i) * 16) : Dw1 >> ((7 - i) * 16));

    public void SetHalf(int i, ushort v)
    {
        if (i < 4)
        {
            int sh = (3 - i) * 16;
            Dw0 = (Dw0 & ~(0xffffUL << sh)) | ((ulong)v << sh);
        }
        else
        {
            int sh = (7 - i) * 16;
            Dw1 = (Dw1 & ~(0xffffUL << sh)) | ((ulong)v << sh);
        }
    }

    public readonly UInt128 ToUInt128() => new(Dw0, Dw1);
    public static Vec128 FromUInt128(UInt128 v) => new((ulong)(v >> 64), (ulong)v);

    public readonly bool Equals(Vec128 other) => Dw0 == other.Dw0 && Dw1 == other.Dw1;
    public override readonly bool Equals(object? obj) => obj is Vec128 v && Equals(v);
    public override readonly int GetHashCode() => HashCode.Combine(Dw0, Dw1);
    public static bool operator ==(Vec128 a, Vec128 b) => a.Equals(b);
    public static bool operator !=(Vec128 a, Vec128 b) => !a.Equals(b);
    public override readonly string ToString() => $"{Dw0:x16}{Dw1:x16}";
}
