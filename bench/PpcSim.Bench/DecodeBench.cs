using BenchmarkDotNet.Attributes;
using PpcSim.Isa;

namespace PpcSim.Bench;

/// <summary>Decode-tree speed over words drawn from every table entry (the decode cache's miss path).</summary>
[MemoryDiagnoser]
public class DecodeBench
{
    private uint[] _words = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _words = IsaTable.Specs.Skip(1).SelectMany(s => Enumerable.Range(0, 4).Select(_ => s.Match | ((uint)rng.NextInt64(0, 1L << 32) & ~s.Mask))).ToArray();
    }

    [Benchmark(OperationsPerInvoke = 1)]
    public int DecodeAll()
    {
        int acc = 0;
        foreach (var w in _words) acc += (int)Decoder.Instance.Decode(w);
        return acc;
    }

    [Benchmark]
    public int DisassembleAll()
    {
        int acc = 0;
        foreach (var w in _words) acc += Disassembler.Disassemble(w, 0x1000).Length;
        return acc;
    }
}
