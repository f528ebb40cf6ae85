namespace PpcSim.Isa;

/// <summary>The instruction set, generated from isa/*.isa. Index <see cref="Specs"/> by <see cref="Op"/>.</summary>
public static partial class IsaTable
{
    private static readonly FieldInfo[] s_fields = CreateFields();
    private static readonly Dictionary<string, FieldInfo> s_fieldByName = s_fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    private static readonly InsnSpec[] s_specs = CreateSpecs();
    private static readonly AliasSpec[] s_aliases = CreateAliases();
    private static readonly AliasSpec[][] s_aliasesByOp = BuildAliasIndex();

    /// <summary>All instruction forms; <c>Specs[(int)op].Op == op</c>, entry 0 is <see cref="Op.Invalid"/>.</summary>
    public static IReadOnlyList<InsnSpec> Specs => s_specs;
    public static IReadOnlyList<AliasSpec> Aliases => s_aliases;
    public static IReadOnlyList<FieldInfo> Fields => s_fields;

    public static InsnSpec Get(Op op) => s_specs[(int)op];
    public static FieldInfo FieldByName(string name) => s_fieldByName[name];
    public static bool TryGetField(string name, out FieldInfo field) => s_fieldByName.TryGetValue(name, out field!);

    /// <summary>Extended mnemonics of <paramref name="op"/>, in table order (first match wins, as in objdump).</summary>
    public static ReadOnlySpan<AliasSpec> AliasesOf(Op op) => s_aliasesByOp[(int)op];

    private static AliasSpec[][] BuildAliasIndex()
    {
        for (int i = 0; i < s_specs.Length; i++)
            if ((int)s_specs[i].Op != i) throw new InvalidOperationException($"isa table out of order at {i}");
        var lists = new List<AliasSpec>[s_specs.Length];
        foreach (var a in s_aliases) (lists[(int)a.BaseOp] ??= []).Add(a);
        return lists.Select(l => l?.ToArray() ?? []).ToArray();
    }
}
