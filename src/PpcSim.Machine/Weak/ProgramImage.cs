namespace PpcSim.Machine.Weak;

/// <summary>
/// A thread's code: instruction words at consecutive addresses from <see cref="Base"/>,
/// pre-analysed into <see cref="InsnInfo"/>. Fetching any address outside it ends the thread
/// (a litmus thread ends by running off its last instruction or branching to a label there).
/// </summary>
public sealed class ProgramImage
{
    private readonly InsnInfo[] _insns;

    public ProgramImage(ulong baseAddress, IReadOnlyList<uint> words)
    {
        Base = baseAddress;
        _insns = new InsnInfo[words.Count];
        for (int i = 0; i < words.Count; i++) _insns[i] = InsnInfo.Build(baseAddress + (ulong)(4 * i), words[i]);
    }

    public ulong Base { get; }
    public ulong End => Base + (ulong)(4 * _insns.Length);
    public IReadOnlyList<InsnInfo> Instructions => _insns;

    public InsnInfo? At(ulong pc)
    {
        ulong off = pc - Base;
        if (off >= (ulong)(4 * _insns.Length) || (off & 3) != 0) return null;
        return _insns[off >> 2];
    }
}
