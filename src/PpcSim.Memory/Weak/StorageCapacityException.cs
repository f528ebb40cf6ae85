namespace PpcSim.Memory.Weak;

/// <summary>A run needs more storage events, threads or locations than the model tracks.</summary>
public sealed class StorageCapacityException(string message) : Exception(message);
