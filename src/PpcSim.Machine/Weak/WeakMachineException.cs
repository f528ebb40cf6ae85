namespace PpcSim.Machine.Weak;

/// <summary>A run that cannot end: a deadlock or a step budget exhausted (a bug in the model or a spinning program).</summary>
public sealed class WeakMachineException(string message) : Exception(message);
