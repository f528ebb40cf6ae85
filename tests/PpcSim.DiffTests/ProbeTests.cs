using PpcSim.Isa;
using Xunit.Abstractions;

namespace PpcSim.DiffTests;

/// <summary>
/// Ad-hoc probe for investigating a mismatch class (does nothing unless PROBE is set):
/// PROBE="asm;asm|asm;asm" (sequences separated by |), PROBE_STATE="vsr3.dw0=7ff4000000000000,...",
/// PROBE_SHOW="fpscr,cr,...". Each sequence runs under qemu and on PpcSim and is compared.
/// </summary>
public class ProbeTests(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        var seqs = (Environment.GetEnvironmentVariable("PROBE") ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);
        foreach (var seq in seqs)
        {
            var s = new ArchState();
            s[ArchState.Gpr(31)] = Layout.ScratchBoundary;
            foreach (var kv in (Environment.GetEnvironmentVariable("PROBE_STATE") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = kv.Split('=');
                ArchState.TryParseSlot(parts[0], out int slot);
                s[slot] = Convert.ToUInt64(parts[1], 16);
            }
            var words = seq.Split(';').Select(t => t.StartsWith("0x") ? Convert.ToUInt32(t, 16) : Assembler.Assemble(t)).ToArray();
            var tc = new TestCase(seq, Layout.CodeAddress(0), s, [new Item(words)]);
            var r = DiffSession.Run([tc], PpcSimMode.Direct)[0];
            output.WriteLine($"{seq}: {(r.Mismatch ? r.Describe() : "agree")}");
            foreach (var slot in (Environment.GetEnvironmentVariable("PROBE_SHOW") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                ArchState.TryParseSlot(slot, out int k);
                output.WriteLine($"   {slot}: qemu {r.Qemu?[k]:x16} ppcsim {r.PpcSim?[k]:x16}");
            }
        }
    }
}
