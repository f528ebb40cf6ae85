namespace PpcSim.Core.Tests;

/// <summary>A flags sink for SoftFloat calls whose exceptions a test does not care about.</summary>
internal static class Unsafe
{
    public static uint Dummy;
}
