namespace PpcSim.Devices;

/// <summary>Routes real addresses to devices. Ranges may not overlap; lookups scan a short sorted list.</summary>
public sealed class MmioBus
{
    private readonly List<IMmioDevice> _devices = [];

    public IReadOnlyList<IMmioDevice> Devices => _devices;

    public void Add(IMmioDevice device)
    {
        foreach (var d in _devices)
            if (device.Base < d.Base + d.Size && d.Base < device.Base + device.Size)
                throw new InvalidOperationException($"{device.Name} at 0x{device.Base:x} overlaps {d.Name} at 0x{d.Base:x}");
        _devices.Add(device);
        _devices.Sort((a, b) => a.Base.CompareTo(b.Base));
    }

    /// <summary>The device covering [pa, pa+size), or null (a machine check / DSI for the caller).</summary>
    public IMmioDevice? Find(ulong pa, int size)
    {
        foreach (var d in _devices)
            if (pa >= d.Base && pa + (ulong)size <= d.Base + d.Size) return d;
        return null;
    }
}
