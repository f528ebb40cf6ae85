namespace PpcSim.DiffTests;

/// <summary>
/// One unit of a sequence for shrinking: a single instruction, an instruction with the setup
/// words that point its address registers into the scratch window, or a forward branch with
/// the words it may skip (its target is the end of the item, so items can be dropped freely).
/// </summary>
public sealed record Item(uint[] Words);

/// <summary>A generated (or shrunk, or stored) sequence: where it runs, what it starts from, what it runs.</summary>
public sealed class TestCase
{
    public TestCase(string id, ulong codeAddress, ArchState initial, IEnumerable<Item> items)
    {
        Id = id;
        CodeAddress = codeAddress;
        Initial = initial;
        Items = items.ToList();
    }

    public string Id { get; }
    public ulong CodeAddress { get; }
    public ArchState Initial { get; }
    public List<Item> Items { get; }
    /// <summary>Undefined bits at the end (set by <see cref="Analyzer"/>).</summary>
    public Poison Mask { get; set; } = new();
    /// <summary>Mnemonics the analysis saw execute (for coverage reports).</summary>
    public List<string> Executed { get; set; } = [];

    public uint[] Words => Items.SelectMany(i => i.Words).ToArray();
    public ulong EndAddress => CodeAddress + (ulong)Items.Sum(i => i.Words.Length) * 4;

    public TestCase With(string id, ulong codeAddress, ArchState? initial = null, IEnumerable<Item>? items = null) =>
        new(id, codeAddress, initial ?? Initial, items ?? Items);
}
