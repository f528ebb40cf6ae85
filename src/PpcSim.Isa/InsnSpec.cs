using System.Globalization;

namespace PpcSim.Isa;

/// <summary>One instruction form from isa/*.isa: encoding, assembly syntax and metadata.</summary>
public sealed class InsnSpec
{
    private readonly Dictionary<string, string> _attrs = new(StringComparer.Ordinal);

    public InsnSpec(Op op, string name, string handler, uint mask, uint match, string[] fields, string[] attrs, string source)
    {
        Op = op;
        Name = name;
        Handler = handler;
        Mask = mask;
        Match = match;
        FieldNames = fields;
        Source = source;
        for (int i = 0; i + 1 < attrs.Length; i += 2) _attrs[attrs[i]] = attrs[i + 1];
        Asm = Attr("asm") ?? "";
        Form = Attr("form") ?? "";
        Unit = Attr("unit") ?? "alu";
        Latency = int.TryParse(Attr("lat"), NumberStyles.None, CultureInfo.InvariantCulture, out int lat) ? lat : DefaultLatency(Unit);
        Mem = Attr("mem") switch
        {
            "load" => MemKind.Load,
            "store" => MemKind.Store,
            "larx" => MemKind.LoadReserve,
            "stcx" => MemKind.StoreConditional,
            "cache" => MemKind.Cache,
            "loadstore" => MemKind.LoadStore,
            _ => MemKind.None,
        };
        Size = Attr("size") is { } s && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int sz) ? sz : 0;
        Barrier = Attr("barrier") switch
        {
            "sync" => BarrierKind.Sync,
            "lwsync" => BarrierKind.Lwsync,
            "ptesync" => BarrierKind.Ptesync,
            "eieio" => BarrierKind.Eieio,
            "isync" => BarrierKind.Isync,
            "msgsync" => BarrierKind.Msgsync,
            "tlbsync" => BarrierKind.Tlbsync,
            _ => BarrierKind.None,
        };
        Privilege = Attr("priv") switch { "priv" => Privilege.Supervisor, "hyp" => Privilege.Hypervisor, _ => Privilege.User };
        Reads = Split(Attr("reads"));
        Writes = Split(Attr("writes"));
        Flags = Split(Attr("flags"));
        _invalidText = Attr("invalid");
        IsInvalidEntry = HasFlag("invalid");
    }

    private readonly string? _invalidText;
    private InvalidTerm[]? _invalidTerms;

    /// <summary>True when the table lists operand combinations that make this form invalid (invalid=...).</summary>
    public bool HasInvalidForms => _invalidText != null;

    /// <summary>
    /// Whether the operands of <paramref name="word"/> form one of the ISA's invalid forms listed in
    /// invalid="..." (e.g. lwzu with RA=0 or RA=RT): objdump prints such words as .long, and the
    /// decoder treats them as illegal instructions, as QEMU does.
    /// </summary>
    public bool IsInvalidForm(uint word)
    {
        if (_invalidText == null) return false;
        var terms = _invalidTerms ??= InvalidTerm.ParseAll(_invalidText);
        foreach (var t in terms)
            if (t.Holds(word)) return true;
        return false;
    }

    public Op Op { get; }
    /// <summary>Mnemonic as objdump prints it when no extended mnemonic applies.</summary>
    public string Name { get; }
    /// <summary>Name of the interpreter handler (shared by the o/./l/a forms).</summary>
    public string Handler { get; }
    public uint Mask { get; }
    public uint Match { get; }
    public string[] FieldNames { get; }
    public string Source { get; }
    /// <summary>Operand template, e.g. "rt,d(ra0)"; '?' marks an operand objdump omits when zero.</summary>
    public string Asm { get; }
    public string Form { get; }
    public string Unit { get; }
    public int Latency { get; }
    public MemKind Mem { get; }
    /// <summary>Access size in bytes (0 when not a memory access).</summary>
    public int Size { get; }
    public BarrierKind Barrier { get; }
    public Privilege Privilege { get; }
    /// <summary>Registers read: field names (rt, ra0, ...) or fixed registers (cr0, lr, ctr, ca, xer, fpscr, ...).</summary>
    public string[] Reads { get; }
    public string[] Writes { get; }
    public string[] Flags { get; }
    /// <summary>
    /// flags=invalid: a more specific pattern (over=) carving an invalid form out of an instruction,
    /// e.g. an update-form load with RA=0; it decodes as <see cref="Op.Invalid"/>.
    /// </summary>
    public bool IsInvalidEntry { get; }

    /// <summary>
    /// Latency class of a unit in core cycles when the table gives no lat=: POWER9's typical
    /// figures (fixed-point 2-cycle ALU pipeline shown as 1 for dependent simple ops, multiply 5,
    /// divide ~20, FP/VSX 7, FP divide/sqrt ~27, VMX integer 3, L1 load-to-use 4, DFP ~12).
    /// </summary>
    public static int DefaultLatency(string unit) => unit switch
    {
        "mul" => 5,
        "div" => 20,
        "fpu" or "vsx" => 7,
        "fdiv" => 27,
        "vec" => 3,
        "lsu" => 4,
        "dfp" => 12,
        "spr" => 3,
        _ => 1,
    };

    public string? Attr(string key) => _attrs.TryGetValue(key, out var v) ? v : null;
    public bool HasFlag(string flag) => Array.IndexOf(Flags, flag) >= 0;
    public bool Matches(uint word) => (word & Mask) == Match;

    private static string[] Split(string? s) => s is null ? [] : s.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"{Name} {Mask:x8}/{Match:x8} ({Source})";
}
