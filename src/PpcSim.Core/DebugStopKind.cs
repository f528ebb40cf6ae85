namespace PpcSim.Core;

/// <summary>Why a thread raised <see cref="Interrupt.DebugStop"/>.</summary>
public enum DebugStopKind
{
    None,
    Breakpoint,
    Watchpoint,
}
