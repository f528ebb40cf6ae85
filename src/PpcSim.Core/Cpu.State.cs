using System.Reflection;

namespace PpcSim.Core;

/// <summary>
/// Snapshots of the architected state, for reverse execution and checkpoints. Every value-type
/// instance field is state (registers, SPRs, pending interrupt, counters); reference-type fields
/// are wiring or caches (memory port, timebase source, TLB, decode cache, debugger hooks) and are
/// neither saved nor restored. Taking the fields by reflection means a register added later is
/// captured without anyone remembering this file; PpcSim.Core.Tests pins the list of reference
/// fields so a new one gets a decision.
/// </summary>
public sealed partial class Cpu
{
    private static readonly FieldInfo[] s_stateFields = typeof(Cpu)
        .GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
        .Where(f => f.FieldType.IsValueType && !f.FieldType.IsPointer && !f.FieldType.IsFunctionPointer)
        .ToArray();

    /// <summary>Names of the instance fields that snapshots leave alone (for the test that pins them).</summary>
    public static IReadOnlyList<string> UnsavedFields { get; } = typeof(Cpu)
        .GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
        .Where(f => !s_stateFields.Contains(f))
        .Select(f => f.Name)
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Copies the architected state (not memory: the port saves its own).</summary>
    public CpuState SaveState() => new((Cpu)MemberwiseClone());

    /// <summary>Puts back a state from <see cref="SaveState"/> and drops translations and decoded code.</summary>
    public void RestoreState(CpuState state)
    {
        foreach (var f in s_stateFields) f.SetValue(this, f.GetValue(state.Copy));
        // A suppressed debug stop belonged to the point we left.
        if (_debug != null) _debug.SkipPc = ulong.MaxValue;
        FlushTlb();
        FlushDecodeCache();
    }
}
