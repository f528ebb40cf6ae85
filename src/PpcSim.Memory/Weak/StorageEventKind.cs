namespace PpcSim.Memory.Weak;

/// <summary>What an event of the storage subsystem is.</summary>
public enum StorageEventKind : byte
{
    Write,
    Sync,
    Lwsync,
    Eieio,
}
