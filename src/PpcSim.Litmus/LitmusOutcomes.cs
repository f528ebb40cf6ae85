using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PpcSim.Memory.Weak;

namespace PpcSim.Litmus;

/// <summary>One observed final state: herd's state line, how often it occurred, whether the condition's proposition holds in it.</summary>
public sealed record Outcome(string Text, IReadOnlyDictionary<string, string> Values, long Count, bool Satisfies);

/// <summary>What running (or exhaustively exploring) one litmus test produced, and its litmus7/herd7 log.</summary>
public sealed class LitmusOutcomes
{
    internal LitmusOutcomes(CompiledLitmus test, MemoryModel model, bool exhaustive, long runs, OutcomeCounter counter, double seconds, ulong seed)
    {
        Test = test;
        Model = model;
        Exhaustive = exhaustive;
        Runs = runs;
        Seconds = seconds;
        Seed = seed;
        StateHash = counter.StateHash;
        var list = new List<Outcome>();
        foreach (var (values, count) in counter.Entries)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < values.Length; i++) map[test.Observed[i].ToString()] = test.FormatValue(values[i]);
            list.Add(new Outcome(test.FormatOutcome(values), map, count, test.Satisfies(values)));
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Text, b.Text));
        Outcomes = list;
        Positive = list.Where(o => o.Satisfies).Sum(o => o.Count);
        Negative = list.Where(o => !o.Satisfies).Sum(o => o.Count);
    }

    public CompiledLitmus Test { get; }
    public MemoryModel Model { get; }
    public bool Exhaustive { get; }
    /// <summary>Iterations run, or final states reached by the exhaustive search.</summary>
    public long Runs { get; }
    public double Seconds { get; }
    public ulong Seed { get; }
    public ulong StateHash { get; }
    public long States { get; init; }
    public long Restarts { get; init; }
    public IReadOnlyList<Outcome> Outcomes { get; }
    /// <summary>Runs (or final states) where the condition's proposition holds / does not.</summary>
    public long Positive { get; }
    public long Negative { get; }

    /// <summary>litmus7's verdict: exists is Ok when seen, ~exists when never seen, forall when always.</summary>
    public bool Ok => Test.Test.Quantifier switch
    {
        Quantifier.Exists => Positive > 0,
        Quantifier.NotExists => Positive == 0,
        _ => Negative == 0,
    };

    public string Observation => Positive == 0 ? "Never" : Negative == 0 ? "Always" : "Sometimes";

    /// <summary>A litmus7 log block (random runs) or a herd7 one (exhaustive), readable by herdtools' log tools.</summary>
    public string ToLog()
    {
        var t = Test.Test;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("Test ").Append(t.Name).Append(' ').Append(t.Kind).Append('\n');
        if (Exhaustive)
        {
            sb.Append("States ").Append(Outcomes.Count.ToString(inv)).Append('\n');
            foreach (var o in Outcomes) sb.Append(o.Text).Append('\n');
        }
        else
        {
            sb.Append("Histogram (").Append(Outcomes.Count.ToString(inv)).Append(" states)\n");
            foreach (var o in Outcomes)
                sb.Append(o.Count.ToString(inv).PadRight(6)).Append(o.Satisfies ? "*>" : ":>").Append(o.Text).Append('\n');
        }
        sb.Append(Ok ? "Ok" : "No").Append('\n');
        if (!Exhaustive) sb.Append('\n');
        long pos = t.Quantifier == Quantifier.NotExists ? Negative : Positive;
        long neg = t.Quantifier == Quantifier.NotExists ? Positive : Negative;
        sb.Append("Witnesses\n");
        sb.Append("Positive: ").Append(pos.ToString(inv)).Append(Exhaustive ? " " : ", ").Append("Negative: ").Append(neg.ToString(inv)).Append('\n');
        sb.Append("Condition ").Append(t.ConditionText);
        if (!Exhaustive) sb.Append(Ok ? " is validated" : " is NOT validated");
        sb.Append('\n');
        if (!Exhaustive) sb.Append("Hash=").Append(TestHash(t)).Append('\n');
        sb.Append("Observation ").Append(t.Name).Append(' ').Append(Observation).Append(' ')
          .Append(Positive.ToString(inv)).Append(' ').Append(Negative.ToString(inv)).Append('\n');
        sb.Append("Time ").Append(t.Name).Append(' ').Append(Seconds.ToString("0.00", inv)).Append('\n');
        if (Exhaustive) sb.Append("Hash=").Append(TestHash(t)).Append('\n');
        sb.Append("Model=").Append(Model.ToString().ToLowerInvariant()).Append('\n');
        if (Exhaustive) sb.Append("Explored=").Append(States.ToString(inv)).Append('\n');
        else
        {
            sb.Append("Seed=").Append(Seed.ToString(inv)).Append('\n');
            sb.Append("StateHash=").Append(StateHash.ToString("x16", inv)).Append('\n');
        }
        sb.Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// A digest of the test (initial state, code, observed locations), so logs of the same test
    /// can be matched. Computed in the spirit of herd's (MD5 over a normalised print), not
    /// byte-identical to it.
    /// </summary>
    public static string TestHash(LitmusTest t)
    {
        var sb = new StringBuilder();
        foreach (var e in t.Init.OrderBy(e => e.Location, Comparer<LitmusLocation>.Create(LitmusLocation.Compare)))
            sb.Append(e.Location).Append('=').Append(e.Value).Append("; ");
        sb.Append('\n');
        for (int i = 0; i < t.Threads.Count; i++)
        {
            foreach (var c in t.Threads[i])
            {
                foreach (var l in c.Labels) sb.Append(l).Append(':');
                sb.Append(c.Instruction).Append(" | ");
            }
            sb.Append('\n');
        }
        foreach (var l in t.Locations) sb.Append(l).Append("; ");
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
