namespace PpcSim.Cli.Repro;

/// <summary>One `repro: corrupt page P offset O expected 0xX found 0xY` line: the workload's own read-back check.</summary>
public sealed record KernelCorruptPage(ulong Page, ulong Offset, ulong Expected, ulong Found);
