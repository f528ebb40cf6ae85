using PpcSim.Core;

namespace PpcSim.Platform;

/// <summary>One delivered interrupt, for diagnoses and the timeline.</summary>
public readonly record struct InterruptRecord(ulong Cycle, Interrupt Kind, ulong Address, ulong Msr);
