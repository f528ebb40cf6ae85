namespace PpcSim.Devices;

/// <summary>One block-device transfer as performed: disk sectors from <see cref="Sector"/> to or from real memory.</summary>
public readonly record struct BlockTransfer(bool Write, ulong Sector, ulong PhysicalAddress, uint Length, ulong Cycle);
