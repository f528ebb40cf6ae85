namespace PpcSim.Litmus;

/// <summary>A parsed herdtools7 PPC litmus test.</summary>
public sealed class LitmusTest
{
    public required string File { get; init; }
    public required string Arch { get; init; }
    public required string Name { get; init; }
    /// <summary>The quoted doc string(s), if any.</summary>
    public string? Doc { get; init; }
    /// <summary>key=value lines of the header (Cycle=, Orig=, Prefetch=, Com=...).</summary>
    public required IReadOnlyDictionary<string, string> Info { get; init; }
    public required IReadOnlyList<InitEntry> Init { get; init; }
    /// <summary>Per thread, the code cells in order (one per table row, possibly empty).</summary>
    public required IReadOnlyList<IReadOnlyList<CodeCell>> Threads { get; init; }
    public required IReadOnlyList<LitmusLocation> Locations { get; init; }
    public required Quantifier Quantifier { get; init; }
    public required Prop Condition { get; init; }
    public int ConditionLine { get; init; }

    /// <summary>herd's normalised condition text, e.g. <c>exists (1:r1=1 /\ 1:r3=0)</c>.</summary>
    public string ConditionText => $"{Quantifier switch { Quantifier.Exists => "exists", Quantifier.NotExists => "~exists", _ => "forall" }} ({Condition})";

    /// <summary>litmus7's name for the test kind.</summary>
    public string Kind => Quantifier switch { Quantifier.Exists => "Allowed", Quantifier.NotExists => "Forbidden", _ => "Required" };

    /// <summary>What a run observes: the condition's locations and the locations clause, in herd's order.</summary>
    public IReadOnlyList<LitmusLocation> ObservedLocations
    {
        get
        {
            var set = new HashSet<LitmusLocation>();
            Condition.CollectLocations(set);
            foreach (var l in Locations) set.Add(l);
            var list = set.ToList();
            list.Sort(LitmusLocation.Compare);
            return list;
        }
    }
}
