using BenchmarkDotNet.Attributes;
using PpcSim.Core;
using PpcSim.Isa;
using PpcSim.Memory;

namespace PpcSim.Bench;

/// <summary>
/// The interpreter loop on a small integer kernel (ALU ops, a store and a load, a counted
/// branch): instructions per second with the decode cache and the translation fast path warm.
/// </summary>
public class InterpreterBench
{
    private const ulong Code = 0x1000_0000, Data = 0x2000_0000;
    private const long Instructions = 10_000_000;
    private Cpu _cpu = null!;

    [GlobalSetup]
    public void Setup()
    {
        var mem = new PagedMemory();
        var image = SourceAssembler.Assemble("""
            loop:
              addi r3,r3,1
              add r5,r5,r3
              stw r5,0(r9)
              lwz r6,0(r9)
              add r7,r6,r3
              ori r8,r7,1
              b loop
            """, Code);
        mem.Map(Code, 0x1000, PageProtection.Read | PageProtection.Execute);
        mem.WriteBytes(Code, image);
        mem.Map(Data, 0x1000, PageProtection.ReadWrite);
        _cpu = new Cpu(mem) { Pc = Code };
        _cpu.Gpr[9] = Data;
    }

    [Benchmark(OperationsPerInvoke = (int)Instructions)]
    public long RunLoop() => _cpu.Run(Instructions);
}
