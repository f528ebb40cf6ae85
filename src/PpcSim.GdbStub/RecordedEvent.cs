namespace PpcSim.GdbStub;

/// <summary>One entry of the replay log: where it happened, what it was, and its effects (machine-specific).</summary>
public sealed record RecordedEvent(ulong Instructions, RecordedEventKind Kind, int Thread, object Effects);
