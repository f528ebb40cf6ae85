namespace PpcSim.Linux;

/// <summary>The file is not a loadable static ppc64le ELF (reported as one line, exit 2).</summary>
public sealed class ElfFormatException(string message) : Exception(message);
