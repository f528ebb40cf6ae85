namespace PpcSim.Core;

/// <summary>Which accesses a debugger watchpoint catches (gdb's Z2/Z3/Z4).</summary>
public enum WatchKind
{
    Write = 2,
    Read = 3,
    Access = 4,
}
