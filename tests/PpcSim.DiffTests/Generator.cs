using PpcSim.Isa;

namespace PpcSim.DiffTests;

/// <summary>
/// Seeded generator of random instruction sequences drawn from the instruction table
/// (<see cref="IsaTable.Specs"/> restricted by <see cref="OpCatalog"/>), with random field values
/// inserted through <see cref="FieldInfo.TryInsert"/>. It runs each candidate on PpcSim as it goes
/// (<see cref="Analyzer"/>) so it can steer around undefined results and interrupts, and keeps
/// only instructions whose behaviour the ISA defines (or whose undefined bits it poisons).
/// </summary>
public sealed class Generator
{
    private static readonly (OpCategory Cat, int Weight)[] s_weights =
    [
        (OpCategory.Integer, 26), (OpCategory.ConditionRegister, 8), (OpCategory.Float, 20),
        (OpCategory.Vector, 24), (OpCategory.Memory, 17), (OpCategory.Branch, 5),
    ];

    private readonly Dictionary<OpCategory, InsnSpec[]> _byCategory;
    private readonly Rng _rng;

    // Per-sequence register pools: a few registers each, so instructions feed each other.
    private int[] _gprs = [];
    private int[] _fprs = [];
    private int[] _vrs = [];
    private Poison _poison = new();

    public Generator(ulong seed, Func<InsnSpec, bool>? filter = null)
    {
        _rng = new Rng(seed);
        _byCategory = OpCatalog.Eligible.Where(s => filter?.Invoke(s) ?? true)
            .GroupBy(OpCatalog.Category).ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>Op names the generator can draw.</summary>
    public IEnumerable<InsnSpec> Pool => _byCategory.Values.SelectMany(v => v);

    public TestCase Generate(string id, ulong codeAddress, int minItems = 4, int maxItems = 20)
    {
        var init = StateGenerator.Random(_rng);
        _gprs = Distinct(Enumerable.Range(0, 31).ToArray(), 8);
        _fprs = Distinct(Enumerable.Range(0, 32).ToArray(), 8);
        _vrs = Distinct(Enumerable.Range(0, 32).ToArray(), 8);
        _poison = QemuDeviations.Initial();
        var sim = new Sim(codeAddress, Layout.MaxSequenceWords);
        sim.SetState(init);
        var items = new List<Item>();
        ulong cursor = codeAddress;
        int target = _rng.Range(minItems, maxItems);
        int words = 0;
        for (int attempt = 0; items.Count < target && attempt < target * 12; attempt++)
        {
            var item = MakeItem(PickSpec(), blind: false);
            if (item == null || words + item.Words.Length > Layout.MaxSequenceWords) continue;
            var before = sim.GetState();
            var poisonBefore = _poison.Clone();
            sim.WriteCode(cursor, item.Words);
            ulong end = cursor + (ulong)item.Words.Length * 4;
            sim.Cpu.Pc = cursor;
            string? why = null;
            while (why == null && sim.Cpu.Pc != end) why = Analyzer.Step(sim, _poison, cursor, end);
            if (why != null)
            {
                sim.SetState(before);
                _poison = poisonBefore;
                continue;
            }
            items.Add(item);
            cursor = end;
            words += item.Words.Length;
        }
        var tc = new TestCase(id, codeAddress, init, items);
        var check = Analyzer.Analyze(tc);
        if (check.Rejection != null) throw new InvalidOperationException($"{id}: generated case fails re-analysis: {check.Rejection}");
        tc.Mask = check.Poison;
        tc.Executed = check.Executed.Select(e => e.Name).ToList();
        return tc;
    }

    private int[] Distinct(int[] from, int n)
    {
        var a = (int[])from.Clone();
        for (int i = 0; i < n; i++)
        {
            int j = i + _rng.Below(a.Length - i);
            (a[i], a[j]) = (a[j], a[i]);
        }
        return a[..n];
    }

    private InsnSpec PickSpec()
    {
        while (true)
        {
            int total = s_weights.Where(w => _byCategory.ContainsKey(w.Cat)).Sum(w => w.Weight);
            int r = _rng.Below(total);
            foreach (var (cat, weight) in s_weights)
            {
                if (!_byCategory.TryGetValue(cat, out var specs)) continue;
                if (r < weight) return _rng.Pick(specs);
                r -= weight;
            }
        }
    }

    private Item? MakeItem(InsnSpec spec, bool blind)
    {
        return OpCatalog.Category(spec) switch
        {
            OpCategory.Branch => blind ? null : MakeBranch(spec),
            OpCategory.Memory => MakeMemory(spec),
            _ => MakePlain(spec) is { } w ? new Item([w]) : null,
        };
    }

    // ---- operands ---------------------------------------------------------------------------

    private int? PickReg(string kind, ICollection<int>? avoid = null)
    {
        var cands = kind switch
        {
            "gpr" or "gpr0" => _gprs.Where(r => !_poison.Touches(ArchState.Gpr(r), ulong.MaxValue)),
            "fpr" => _fprs.Where(r => !_poison.Touches(ArchState.VsrDw0(r), ulong.MaxValue)),
            "vr" => _vrs.Where(r => !VsrPoisoned(32 + r)),
            "vsr" => _fprs.Concat(_vrs.Select(v => v + 32)).Where(r => !VsrPoisoned(r)),
            _ => [],
        };
        var list = cands.Where(r => avoid == null || !avoid.Contains(r)).ToList();
        if (kind == "gpr0" && _rng.Chance(1, 8)) return 0;
        return list.Count == 0 ? null : list[_rng.Below(list.Count)];
    }

    private bool VsrPoisoned(int n) => _poison.Touches(ArchState.VsrDw0(n), ulong.MaxValue) || _poison.Touches(ArchState.VsrDw1(n), ulong.MaxValue);

    private long RandomImmediate(FieldInfo f)
    {
        int w = f.Width;
        long raw;
        switch (_rng.Below(6))
        {
            case 0: raw = 0; break;
            case 1: raw = 1; break;
            case 2: raw = f.Signed ? -1 : (long)((1UL << w) - 1); break;
            case 3: raw = f.Signed ? -(1L << (w - 1)) : 1L << (w - 1); break;
            default:
                {
                    ulong u = _rng.Next() & ((1UL << w) - 1);
                    raw = f.Signed && (u >> (w - 1)) != 0 ? (long)(u | ~((1UL << w) - 1)) : (long)u;
                    break;
                }
        }
        return raw << f.Scale;
    }

    /// <summary>Fills every field of the spec at random (register fields from the pools); null if impossible.</summary>
    private uint? FillFields(InsnSpec spec, uint w, IReadOnlyDictionary<string, long>? fixedValues = null)
    {
        var used = new List<int>();
        foreach (var name in spec.FieldNames)
        {
            if (!IsaTable.TryGetField(name, out var f)) continue;
            long v;
            if (fixedValues != null && fixedValues.TryGetValue(name, out long fv)) v = fv;
            else
            {
                switch (f.Kind)
                {
                    case "gpr":
                    case "gpr0":
                    case "fpr":
                    case "vr":
                    case "vsr":
                        {
                            // Distinct registers most of the time, the same one now and then.
                            var r = PickReg(f.Kind, _rng.Chance(3, 4) ? used : null);
                            if (r == null) return null;
                            v = r.Value;
                            used.Add(r.Value);
                            break;
                        }
                    case "crf": v = _rng.Below(8); break;
                    case "crb":
                    case "bi": v = _rng.Below(32); break;
                    case "spr": v = _rng.Pick(OpCatalog.UserSprs); break;
                    default: v = RandomImmediate(f); break;
                }
            }
            if (!f.TryInsert(ref w, v)) return null;
        }
        return w;
    }

    private uint? MakePlain(InsnSpec spec)
    {
        var w = FillFields(spec, spec.Match);
        if (w == null || Decoder.Instance.Decode(w.Value) != spec.Op) return null;
        return w;
    }

    // ---- loads and stores ---------------------------------------------------------------------

    private Item? MakeMemory(InsnSpec spec)
    {
        int size = spec.Size > 0 ? spec.Size : spec.Mem == MemKind.Cache ? 1 : 16;
        const long P = (long)Layout.ScratchBoundary;
        const long lo = P - Layout.ScratchSize / 2, hi = P + Layout.ScratchSize / 2;
        bool natural = OpCatalog.NeedsNaturalAlignment(spec);
        long ea = _rng.Below(natural ? 1 : 3) switch
        {
            0 => lo + (long)_rng.Below((int)(hi - lo) / size) * size,        // naturally aligned
            1 => lo + _rng.Below((int)(hi - lo) - size + 1),                  // any alignment
            _ => P - _rng.Range(size > 1 ? 1 : 0, Math.Max(size - 1, 0)),     // crossing the page boundary
        };
        if (ea < lo || ea + size > hi) return null;

        string baseName = spec.FieldNames.Contains("ra0") ? "ra0" : "ra";
        var disp = OpCatalog.DispField(spec);
        bool update = OpCatalog.IsUpdateForm(spec);
        var setup = new List<uint>();
        var fixedVals = new Dictionary<string, long>(StringComparer.Ordinal);
        var taken = new List<int>();

        int BaseRegister(long baseAddr)
        {
            if (!update && baseAddr == P && _rng.Chance(2, 3)) return Layout.BaseGpr;
            var r = PickReg("gpr", taken.Append(0).ToList());
            if (r == null) return -1;
            setup.Add(Assembler.Assemble($"addi {r},{Layout.BaseGpr},{baseAddr - P}"));
            return r.Value;
        }

        if (disp != null)
        {
            int step = 1 << disp.Scale;
            long d = (ea - P) % step == 0 && _rng.Chance(1, 2) ? ea - P : (long)_rng.Range(-6, 6) * step;
            int ra = BaseRegister(ea - d);
            if (ra < 0) return null;
            fixedVals[disp.Name] = d;
            fixedVals[baseName] = ra;
            taken.Add(ra);
        }
        else
        {
            int ra;
            long baseAddr;
            if (baseName == "ra0" && !update && _rng.Chance(1, 5))
            {
                ra = 0;
                baseAddr = 0;
            }
            else
            {
                baseAddr = !update && _rng.Chance(1, 2) ? P : P + _rng.Range(-64, 64);
                ra = BaseRegister(baseAddr);
                if (ra < 0) return null;
                baseAddr = ra == Layout.BaseGpr ? P : baseAddr;
                taken.Add(ra);
            }
            var rb = PickReg("gpr", taken.Append(0).ToList());
            if (rb == null) return null;
            long off = ea - baseAddr;
            if (baseAddr == 0)
            {
                setup.Add(Assembler.Assemble($"lis {rb},{P >> 16}"));
                setup.Add(Assembler.Assemble($"addi {rb},{rb},{ea - P}"));
            }
            else setup.Add(Assembler.Assemble($"li {rb},{off}"));
            fixedVals[baseName] = ra;
            fixedVals["rb"] = rb.Value;
            taken.Add(rb.Value);
        }
        // Data registers: for update loads RT must differ from RA (ISA: invalid form otherwise).
        foreach (var name in spec.FieldNames)
        {
            if (fixedVals.ContainsKey(name) || !IsaTable.TryGetField(name, out var f)) continue;
            if (f.Kind is "gpr" or "gpr0")
            {
                var r = PickReg("gpr", update ? taken : null);
                if (r == null) return null;
                fixedVals[name] = r.Value;
            }
        }
        var w = FillFields(spec, spec.Match, fixedVals);
        if (w == null || Decoder.Instance.Decode(w.Value) != spec.Op) return null;
        setup.Add(w.Value);
        return new Item(setup.ToArray());
    }

    // ---- forward branches ---------------------------------------------------------------------

    // BO encodings with z bits zero and no reserved at=01 hint (ISA 2.4 figure "BO field encodings").
    private static readonly int[] s_bo = [0b00000, 0b00010, 0b00100, 0b00110, 0b00111, 0b01000, 0b01010, 0b01100, 0b01110, 0b01111,
        0b10000, 0b10010, 0b11000, 0b11010, 0b10001, 0b10011, 0b10100];

    private Item? MakeBranch(InsnSpec spec)
    {
        int skipItems = _rng.Below(4);
        var skipped = new List<uint>();
        for (int i = 0, made = 0; made < skipItems && i < 12; i++)
        {
            var spec2 = PickSpec();
            if (OpCatalog.Category(spec2) == OpCategory.Branch) continue;
            if (MakeItem(spec2, blind: true) is not { } it) continue;
            skipped.AddRange(it.Words);
            made++;
        }
        long disp = 4L * (1 + skipped.Count);
        var vals = new Dictionary<string, long>(StringComparer.Ordinal);
        if (spec.FieldNames.Contains("li")) vals["li"] = disp;
        if (spec.FieldNames.Contains("bd")) vals["bd"] = disp;
        if (spec.FieldNames.Contains("bo")) vals["bo"] = _rng.Pick(s_bo);
        if (spec.FieldNames.Contains("bi"))
        {
            var free = Enumerable.Range(0, 32).Where(b => !_poison.Touches(ArchState.Cr, Loc.CrBit(b))).ToList();
            if (free.Count == 0) return null;
            vals["bi"] = _rng.Pick(free);
        }
        var w = FillFields(spec, spec.Match, vals);
        if (w == null || Decoder.Instance.Decode(w.Value) != spec.Op) return null;
        return new Item([w.Value, .. skipped]);
    }
}
