namespace PpcSim.GdbStub;

/// <summary>
/// A point on the recorded timeline: instructions retired, and events (system calls, signal
/// deliveries, debugger edits) applied. Both are needed: a fault or an edit changes the state
/// without retiring an instruction.
/// </summary>
public readonly record struct TimelinePosition(ulong Instructions, int Events) : IComparable<TimelinePosition>
{
    public int CompareTo(TimelinePosition other)
        => Instructions != other.Instructions ? Instructions.CompareTo(other.Instructions) : Events.CompareTo(other.Events);

    public static bool operator <(TimelinePosition a, TimelinePosition b) => a.CompareTo(b) < 0;
    public static bool operator >(TimelinePosition a, TimelinePosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(TimelinePosition a, TimelinePosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(TimelinePosition a, TimelinePosition b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Instructions}+{Events}";
}
