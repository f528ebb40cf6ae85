using System.Runtime.CompilerServices;

namespace PpcSim.Memory.Weak;

/// <summary>
/// Accumulates a simulation state as a stream of integers and hashes it to 128 bits (two
/// independently mixed 64-bit lanes). Used for the per-run state hash and to recognise states
/// already explored by the exhaustive search. Deterministic: no host randomness.
/// </summary>
public sealed class StateWriter
{
    private ulong _h1, _h2;
    private long _count;

    public StateWriter() => Clear();

    public void Clear()
    {
        _h1 = 0x243F_6A88_85A3_08D3UL;
        _h2 = 0x1319_8A2E_0370_7344UL;
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong v)
    {
        _h1 = Mix(_h1 ^ (v * 0x9E37_79B9_7F4A_7C15UL)) + 0x6A09_E667_F3BC_C909UL;
        _h2 = Mix(_h2 + v + 0xBB67_AE85_84CA_A73BUL) ^ (_h1 >> 7);
        _count++;
    }

    public void Add(long v) => Add((ulong)v);
    public void Add(int v) => Add((ulong)(long)v);
    public void Add(bool v) => Add(v ? 1UL : 0UL);

    public long Count => _count;
    public ulong Hash64 => Mix(_h1 ^ (ulong)_count);
    public (ulong Lo, ulong Hi) Hash128 => (Mix(_h1 ^ (ulong)_count), Mix(_h2 + (ulong)_count));

    /// <summary>MurmurHash3's 64-bit finaliser.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }
}
