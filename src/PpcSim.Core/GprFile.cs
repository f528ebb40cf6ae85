using System.Runtime.CompilerServices;

namespace PpcSim.Core;

/// <summary>The 32 general-purpose registers, stored inline in the core.</summary>
[InlineArray(32)]
public struct GprFile
{
    private ulong _element0;
}
