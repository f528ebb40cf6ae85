namespace PpcSim.Machine.Weak;

/// <summary>
/// One enabled choice. <see cref="Index"/> is the instruction's place in its thread's window
/// (thread transitions) or the storage event (propagation); <see cref="Target"/> the thread an
/// event propagates to. <see cref="Variant"/> for a store conditional: 0 decide with the seeded
/// spurious-failure stream, 1 succeed, 2 fail (the exhaustive search tries both).
/// </summary>
public readonly record struct Transition(TransitionKind Kind, int Thread, int Index, int Target = 0, byte Variant = 0)
{
    public override string ToString() => Kind switch
    {
        TransitionKind.Propagate => $"propagate e{Index} to P{Target}",
        TransitionKind.Drain => $"drain e{Index} from P{Thread}",
        _ => $"{Kind} P{Thread}#{Index}{(Variant != 0 ? $" v{Variant}" : "")}",
    };
}
