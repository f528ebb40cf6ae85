using System.Buffers.Binary;
using PpcSim.Core;
using PpcSim.Isa;
using PpcSim.Memory;

namespace PpcSim.Core.Tests;

/// <summary>
/// A single thread on paged memory for load/store tests: code at <see cref="Code"/>, two
/// read-write data pages at <see cref="Data"/>, a read-only page after them and an unmapped
/// page after that. Records the barriers the interpreter reports.
/// </summary>
internal sealed class LoadStoreMachine
{
    public const ulong Code = 0x10000;
    public const ulong Data = 0x20000;
    public const ulong ReadOnly = 0x22000;
    public const ulong Unmapped = 0x23000;

    public LoadStoreMachine(bool littleEndian = true)
    {
        Memory = new PagedMemory();
        Port = new RecordingPort(Memory);
        Memory.Map(Code, 0x1000, PageProtection.Read | PageProtection.Execute);
        Memory.Map(Data, 0x2000, PageProtection.ReadWrite);
        Memory.Map(ReadOnly, 0x1000, PageProtection.Read);
        Cpu = new Cpu(Port);
        if (!littleEndian) Cpu.SetMsr(Cpu.Msr & ~Msr.LE);
        Cpu.Pc = Code;
    }

    public PagedMemory Memory { get; }
    public RecordingPort Port { get; }
    public Cpu Cpu { get; }

    /// <summary>Assembles one instruction at <see cref="Code"/> and executes it; false if it raised an interrupt.</summary>
    public bool Run(string asm)
    {
        uint word = Assembler.Assemble(asm);
        return RunWord(word);
    }

    public bool RunWord(uint word)
    {
        var bytes = new byte[4];
        if (Cpu.LittleEndian) BinaryPrimitives.WriteUInt32LittleEndian(bytes, word);
        else BinaryPrimitives.WriteUInt32BigEndian(bytes, word);
        Assert.True(Memory.WriteBytes(Code, bytes));
        Cpu.ClearPending();
        Cpu.Pc = Code;
        return Cpu.Step();
    }

    public void Poke(ulong ea, params byte[] bytes) => Assert.True(Memory.WriteBytes(ea, bytes));

    public byte[] Peek(ulong ea, int n)
    {
        var b = new byte[n];
        Assert.True(Memory.ReadBytes(ea, b));
        return b;
    }

    public ulong PeekLe64(ulong ea) => BinaryPrimitives.ReadUInt64LittleEndian(Peek(ea, 8));

    public void PokeLe64(ulong ea, ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        Poke(ea, b);
    }

    /// <summary>CR0 as a 4-bit value (LT GT EQ SO).</summary>
    public uint Cr0 => Cpu.Cr >> 28;

    /// <summary>Delegates to <see cref="PagedMemory"/> and records barriers (PagedMemory is sealed).</summary>
    internal sealed class RecordingPort : MemoryPort
    {
        private readonly PagedMemory _inner;

        public RecordingPort(PagedMemory memory)
        {
            _inner = memory;
            // Rewriting the code page must reach the Cpu's decode cache through this port.
            _inner.CodeWritten = ea => CodeWritten?.Invoke(ea);
        }

        public List<BarrierKind> Barriers { get; } = [];

        public override byte[]? TryGetHostPage(ulong ea, bool forWrite, out int offset) => _inner.TryGetHostPage(ea, forWrite, out offset);

        public override MemFault Read(ulong ea, int size, out ulong value) => _inner.Read(ea, size, out value);

        public override MemFault Write(ulong ea, int size, ulong value) => _inner.Write(ea, size, value);

        public override MemFault Fetch(ulong ea, out uint word) => _inner.Fetch(ea, out word);

        public override void MarkCode(ulong ea) => _inner.MarkCode(ea);

        public override void Barrier(BarrierKind kind) => Barriers.Add(kind);
    }
}
