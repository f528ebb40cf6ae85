using PpcSim.Memory.Weak;

namespace PpcSim.Machine.Weak;

/// <summary>
/// Maps effective addresses to the storage model's location numbers. A location is one
/// naturally aligned cell; accesses of different sizes to the same address share it (on a
/// little-endian machine a narrower load at the same address reads the low-order bytes), and
/// partially overlapping accesses are not modelled (litmus tests do not use them).
/// Addresses first seen during a run (a speculative load through a value that is not an
/// address) get a location whose initial value is zero.
/// </summary>
public sealed class LocationTable
{
    private readonly Dictionary<ulong, int> _byAddress = [];
    private readonly List<ulong> _addresses = [];

    public int Count => _addresses.Count;

    public ulong AddressOf(int loc) => _addresses[loc];

    public bool TryGet(ulong ea, out int loc) => _byAddress.TryGetValue(ea, out loc);

    public int Intern(ulong ea)
    {
        if (_byAddress.TryGetValue(ea, out int loc)) return loc;
        if (_addresses.Count >= StorageSubsystem.MaxLocations)
            throw new StorageCapacityException($"more than {StorageSubsystem.MaxLocations} distinct memory locations");
        loc = _addresses.Count;
        _addresses.Add(ea);
        _byAddress[ea] = loc;
        return loc;
    }
}
