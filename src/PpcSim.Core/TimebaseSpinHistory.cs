using System.Runtime.CompilerServices;

namespace PpcSim.Core;

/// <summary>
/// The last four timebase-read addresses and the instruction counts at which they were read
/// (see Cpu.TimebaseSpin.cs). A value type, so Cpu snapshots capture it and a restored thread
/// makes the same fast-forward decisions as the original run.
/// </summary>
internal struct TimebaseSpinHistory
{
    public const int Length = 4;
    public Addresses Pcs;
    public Addresses Stamps;
    public int Next;

    [InlineArray(Length)]
    internal struct Addresses
    {
        private ulong _element;
    }

    public static TimebaseSpinHistory Empty()
    {
        var h = default(TimebaseSpinHistory);
        for (int i = 0; i < Length; i++) h.Pcs[i] = ulong.MaxValue;
        return h;
    }

    /// <summary>Records a read at <paramref name="pc"/>; true if the same address was read at most <paramref name="window"/> instructions ago.</summary>
    public bool Record(ulong pc, ulong instructions, ulong window)
    {
        bool again = false;
        for (int i = 0; i < Length; i++)
            if (Pcs[i] == pc && instructions - Stamps[i] <= window) again = true;
        Pcs[Next] = pc;
        Stamps[Next] = instructions;
        Next = (Next + 1) % Length;
        return again;
    }
}
