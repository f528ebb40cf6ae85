namespace PpcSim.Devices;

/// <summary>Provenance of one disk sector: the real address its bytes were DMA'd from, and when.</summary>
public readonly record struct SectorSource(ulong PhysicalAddress, ulong Cycle);
