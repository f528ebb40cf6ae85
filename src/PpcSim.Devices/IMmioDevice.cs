namespace PpcSim.Devices;

/// <summary>
/// A memory-mapped device on the real-address bus. Accesses are cache-inhibited: they bypass
/// store buffers and happen when the core performs them, in program order for that core.
/// Values are little-endian interpretations of the bytes, as the core presents them.
/// </summary>
public interface IMmioDevice
{
    string Name { get; }
    ulong Base { get; }
    ulong Size { get; }
    ulong Read(ulong offset, int size);
    void Write(ulong offset, int size, ulong value);
}
