using System.Buffers.Binary;
using PpcSim.Core;
using PpcSim.Memory;

namespace PpcSim.Core.Tests;

/// <summary>Runs the same cases on a PpcSim <see cref="Cpu"/>: state set directly, one Step per word.</summary>
public static class PpcSimFpRunner
{
    private const ulong CodeBase = 0x10000;

    public static FpResult[] Run(IReadOnlyList<FpCase> cases, out List<string> faults)
    {
        faults = [];
        var mem = new PagedMemory();
        ulong codeLen = ((ulong)cases.Count * 4 + 0xfff) & ~0xfffUL;
        mem.Map(CodeBase, codeLen, PageProtection.All);
        var code = new byte[cases.Count * 4];
        for (int i = 0; i < cases.Count; i++) BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(i * 4), cases[i].Word);
        mem.WriteBytes(CodeBase, code);
        var c = new Cpu(mem);
        c.SetMsr(Msr.UserLe);
        var results = new FpResult[cases.Count];
        for (int i = 0; i < cases.Count; i++)
        {
            var k = cases[i];
            int r = k.RegBase;
            c.Vsr[r] = k.A;
            c.Vsr[r + 1] = k.B;
            c.Vsr[r + 2] = k.C;
            c.Vsr[r + 3] = k.T;
            // What mtfsf with L=1 leaves: every bit from the source, FEX and VX recomputed.
            c.Fpscr = (k.Fpscr & 0xFFFF_FFFF_0000_0000UL) | Interpreter.FpscrSummaries((uint)k.Fpscr);
            c.Cr = 0;
            c.Gpr[5] = 0;
            c.Gpr[6] = k.R6;
            c.Gpr[7] = k.R7;
            c.Pc = CodeBase + (ulong)i * 4;
            c.Step();
            if (c.Pending != Interrupt.None)
            {
                faults.Add($"case {i} {k.Family}: {c.Pending}{(c.PendingUnimplemented ? " (unimplemented)" : "")}");
                c.ClearPending();
            }
            results[i] = new FpResult(c.Vsr[r + 3], c.Fpscr, c.Cr, c.Gpr[5]);
        }
        return results;
    }
}
