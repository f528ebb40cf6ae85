using PpcSim.Core;

namespace PpcSim.GdbStub;

/// <summary>A breakpoint or watchpoint that a reverse-continue scan saw fire.</summary>
internal readonly record struct ReplayHit(TimelinePosition At, int Thread, DebugStopKind Kind, ulong Address, WatchKind WatchKind);
