using System.Text;

namespace PpcSim.DiffTests;

/// <summary>
/// Every kept regression (regressions/*.txt) replays against PpcSim from its stored expectation
/// (no qemu needed), and under qemu too so a changed oracle is noticed (qemu is a required tool).
/// </summary>
public class RegressionTests
{
    /// <summary>
    /// The stored mask joined with what today's rules call undefined on the same case: a rule
    /// learnt later (a newly found qemu deviation, say) applies to old files too.
    /// </summary>
    private static RegressionFile Load(string path)
    {
        var rf = RegressionFile.Read(path);
        var now = Analyzer.Analyze(rf.Case);
        if (now.Rejection == null) rf.Case.Mask.Mask.OrWith(now.Poison.Mask);
        return rf;
    }

    [Fact]
    public void RegressionFilesReplayOnPpcSim()
    {
        var failures = new StringBuilder();
        foreach (var path in RegressionFile.All())
        {
            var rf = Load(path);
            var final = DiffSession.RunDirect(rf.Case, out string? why);
            if (final == null)
            {
                failures.Append($"{Path.GetFileName(path)}: {why}\n");
                continue;
            }
            var diffs = Comparer.Compare(rf.Expected, final, rf.Case.Mask.Mask);
            if (diffs.Count > 0) failures.Append($"{Path.GetFileName(path)}:\n{Comparer.Format(diffs)}");
        }
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [Fact]
    public void RegressionFilesReplayUnderQemuAndPpcSimElf()
    {
        var files = RegressionFile.All().Select(Load).ToList();
        var failures = new StringBuilder();
        // Cases keep their own code address; pack non-overlapping ones into shared ELFs.
        var pending = files.OrderBy(f => f.Case.CodeAddress).ToList();
        while (pending.Count > 0)
        {
            var batch = new List<RegressionFile>();
            ulong next = 0;
            foreach (var f in pending)
            {
                if (f.Case.CodeAddress - Layout.PrologueWords * 4 < next) continue;
                batch.Add(f);
                next = f.Case.EndAddress + Layout.EpilogueWords * 4;
            }
            pending = pending.Except(batch).ToList();
            var results = DiffSession.Run(batch.Select(f => f.Case).ToList(), PpcSimMode.Elf);
            for (int i = 0; i < batch.Count; i++)
            {
                var r = results[i];
                string name = Path.GetFileName(batch[i].Path);
                if (r.Qemu == null) { failures.Append($"{name}: qemu: {r.Crash}\n"); continue; }
                var drift = Comparer.Compare(batch[i].Expected, r.Qemu, batch[i].Case.Mask.Mask);
                if (drift.Count > 0) failures.Append($"{name}: qemu no longer gives the stored result:\n{Comparer.Format(drift)}");
                if (r.Mismatch) failures.Append($"{name}: PpcSim (ELF) differs from qemu:\n{r.Describe()}");
            }
        }
        Assert.True(failures.Length == 0, failures.ToString());
    }
}
