namespace PpcSim.Litmus.Tests;

/// <summary>Performance measurements run alone, so other tests do not share the CPU with them.</summary>
[CollectionDefinition("Performance", DisableParallelization = true)]
public sealed class PerformanceCollection;
