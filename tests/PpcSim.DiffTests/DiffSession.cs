using System.Text;
using PpcSim.Isa;
using PpcSim.TestSupport;

namespace PpcSim.DiffTests;

/// <summary>How PpcSim runs a batch: the harness ELF through LinuxProcess (the real thing), or the
/// sequence alone on a bare core (no harness instructions needed; used for stored regressions).</summary>
public enum PpcSimMode { Elf, Direct }

/// <summary>The outcome for one case: both final states (null where that side died), and what differed.</summary>
public sealed record CaseResult(TestCase Case, ArchState? Qemu, ArchState? PpcSim, List<Comparer.Diff> Diffs, string? Crash)
{
    public bool Mismatch => Crash != null || Diffs.Count > 0;

    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append($"case {Case.Id} at 0x{Case.CodeAddress:x}:\n");
        ulong pc = Case.CodeAddress;
        foreach (var w in Case.Words)
        {
            sb.Append($"    {pc:x}: {w:x8}  {SafeDisasm(w, pc)}\n");
            pc += 4;
        }
        if (Crash != null) sb.Append("  crash: ").Append(Crash).Append('\n');
        sb.Append(Comparer.Format(Diffs));
        return sb.ToString();
    }

    public static string SafeDisasm(uint w, ulong pc)
    {
        try { return Disassembler.Disassemble(w, pc); }
        catch (Exception e) when (e is not OutOfMemoryException) { return ".long ?"; }
    }
}

/// <summary>
/// Runs cases in batches: one ELF for all of them under qemu and PpcSim, compared per case.
/// A side that dies mid-batch (a signal under qemu, an interrupt under PpcSim) marks the case it
/// died in, and the cases after it are run again in a fresh batch.
/// </summary>
public static class DiffSession
{
    public static List<CaseResult> Run(IReadOnlyList<TestCase> cases, PpcSimMode mode = PpcSimMode.Elf)
    {
        var results = new CaseResult?[cases.Count];
        var order = Enumerable.Range(0, cases.Count).OrderBy(i => cases[i].CodeAddress).ToList();
        while (order.Count > 0)
        {
            var batch = order.Select(i => cases[i]).ToList();
            var dir = Tools.TempDir("difftest");
            try
            {
                var elf = HarnessBuilder.Build(batch.Select(c => new HarnessBuilder.Block(c.CodeAddress, c.Initial, c.Words)).ToList(), dir);
                var q = Runners.Qemu(elf);
                RunOutput p = mode == PpcSimMode.Elf ? SafePpcSim(elf) : Direct(batch);
                int both = Math.Min(q.Records.Count, p.Records.Count);
                for (int k = 0; k < both; k++)
                {
                    var c = batch[k];
                    results[order[k]] = new CaseResult(c, q.Records[k], p.Records[k], Comparer.Compare(q.Records[k], p.Records[k], c.Mask.Mask), null);
                }
                if (both == batch.Count) break;
                var dead = batch[both];
                string crash = (q.Records.Count == both ? $"qemu stopped (exit {q.ExitCode}: {q.Stderr.Trim()})" : "qemu completed")
                    + "; " + (p.Records.Count == both ? $"ppcsim stopped (exit {p.ExitCode}: {p.Stderr.Trim()})" : "ppcsim completed");
                results[order[both]] = new CaseResult(dead, q.Records.Count > both ? q.Records[both] : null,
                    p.Records.Count > both ? p.Records[both] : null, [], crash);
                order = order.Skip(both + 1).ToList();
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        return results.Select(r => r!).ToList();
    }

    private static RunOutput SafePpcSim(string elf)
    {
        try
        {
            return Runners.PpcSim(elf);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A host exception is a simulator bug; report it against the batch's first case.
            return new RunOutput([], -1, "host exception: " + e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>Each case alone on a bare PpcSim core, records in the same shape as the harness's.</summary>
    public static RunOutput Direct(IReadOnlyList<TestCase> batch)
    {
        var list = new List<ArchState>();
        foreach (var c in batch)
        {
            var r = RunDirect(c, out string? why);
            if (r == null) return new RunOutput(list, 132, why ?? "");
            list.Add(r);
        }
        return new RunOutput(list, 0, "");
    }

    public static ArchState? RunDirect(TestCase c, out string? why)
    {
        var sim = new Sim(c.CodeAddress, Layout.MaxSequenceWords);
        sim.SetState(c.Initial);
        sim.WriteCode(c.CodeAddress, c.Words);
        why = sim.RunTo(c.CodeAddress, c.EndAddress);
        return why == null ? sim.GetState() : null;
    }
}
