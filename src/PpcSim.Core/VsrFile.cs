using System.Runtime.CompilerServices;

namespace PpcSim.Core;

/// <summary>The 64 vector-scalar registers: VSR0-31 hold FPR0-31 in doubleword 0, VSR32-63 are VR0-31.</summary>
[InlineArray(64)]
public struct VsrFile
{
    private Vec128 _element0;
}
