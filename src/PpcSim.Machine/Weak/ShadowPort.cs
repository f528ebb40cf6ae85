using PpcSim.Core;

namespace PpcSim.Machine.Weak;

/// <summary>
/// The memory port of the shadow CPU the thread engine runs handlers on. It never touches real
/// storage: a load returns the value the storage model already chose, a store only records the
/// value it would write, a store conditional reports the outcome the engine decided.
/// </summary>
internal sealed class ShadowPort : MemoryPort
{
    public ulong LoadValue;
    public bool StoreConditionalSucceeds;
    public ulong StoredValue;
    public bool Stored;

    public override MemFault Read(ulong ea, int size, out ulong value)
    {
        value = size >= 8 ? LoadValue : LoadValue & ((1UL << (size * 8)) - 1);
        return MemFault.None;
    }

    public override MemFault Write(ulong ea, int size, ulong value)
    {
        StoredValue = value;
        Stored = true;
        return MemFault.None;
    }

    public override MemFault Fetch(ulong ea, out uint word)
    {
        word = 0;
        return MemFault.Unmapped;
    }

    public override MemFault LoadReserve(ulong ea, int size, out ulong value) => Read(ea, size, out value);

    public override MemFault StoreConditional(ulong ea, int size, ulong value, out bool stored)
    {
        StoredValue = value;
        Stored = true;
        stored = StoreConditionalSucceeds;
        return MemFault.None;
    }
}
