using PpcSim.Core.Random;
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
    private readonly Xoshiro256StarStar _rng;

    // Per-sequence register pools: a few registers each, so instructions feed each other.
    private int[] _gprs = [];
    private int[] _fprs = [];
    private int[] _vrs = [];
    private Poison _poison = new();

    public Generator(ulong seed, Func<InsnSpec, bool>? filter = null)
    {
        _rng = new Xoshiro256StarStar(seed);
        _byCategory = OpCatalog.Eligible.Where(s => filter?.Invoke(s) ?? true)
            .GroupBy(OpCatalog.Category).ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>Why candidate instructions were turned down (for diagnosing starved ops).</summary>
    public Dictionary<string, int> Rejections { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Items PpcSim refused with an interrupt, with the state they met: qemu must fault on them
    /// too (see <see cref="Campaign.InterruptParity"/>), or PpcSim raises where it should not.
    /// At most a few per mnemonic.
    /// </summary>
    public List<(string Op, ArchState State, uint[] Words, string Why)> Faulting { get; } = [];

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
            var spec = PickSpec();
            var item = MakeItem(spec, blind: false);
            if (item == null || words + item.Words.Length > Layout.MaxSequenceWords)
            {
                Rejections[spec.Name + ": no operands"] = Rejections.GetValueOrDefault(spec.Name + ": no operands") + 1;
                continue;
            }
            var before = sim.GetState();
            var poisonBefore = _poison.Clone();
            sim.WriteCode(cursor, item.Words);
            ulong end = cursor + (ulong)item.Words.Length * 4;
            sim.Cpu.Pc = cursor;
            string? why = null;
            while (why == null && sim.Cpu.Pc != end) why = Analyzer.Step(sim, _poison, cursor, end);
            if (why != null)
            {
                Rejections[why] = Rejections.GetValueOrDefault(why) + 1;
                if (why.Contains(": raised ", StringComparison.Ordinal) && Faulting.Count(f => f.Op == spec.Name) < 2)
                    Faulting.Add((spec.Name, FaultState(sim, before, cursor), item.Words, why));
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

    /// <summary>The state an item met (its poison ignored: the item read none of it).</summary>
    private static ArchState FaultState(Sim sim, ArchState before, ulong cursor)
    {
        _ = sim;
        _ = cursor;
        return before.Clone();
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
            OpCategory.Branch => blind ? null : spec.Handler is "Bclr" or "Bcctr" ? MakeIndirectBranch(spec) : MakeBranch(spec),
            OpCategory.Memory => spec.Mem is MemKind.LoadReserve or MemKind.StoreConditional ? (blind ? null : MakeReservePair(spec))
                : spec.Handler is "Lxvl" or "Lxvll" or "Stxvl" or "Stxvll" ? MakeLengthAccess(spec) : MakeMemory(spec),
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
    /// <summary>
    /// Field values that keep an op inside defined behaviour most of the time (the rest of the
    /// time the random value exercises the undefined-result rule instead).
    /// </summary>
    private long? Hint(InsnSpec spec, string field) => (spec.Handler, field) switch
    {
        // mfocrf/mtocrf name exactly one CR field; other FXM values leave RT / CR undefined.
        ("Mfocrf" or "Mtocrf", "fxm") when _rng.Chance(7, 8) => 1L << _rng.Below(8),
        _ => null,
    };

    private uint? FillFields(InsnSpec spec, uint w, IReadOnlyDictionary<string, long>? fixedValues = null, IEnumerable<int>? avoid = null)
    {
        var used = new List<int>(avoid ?? []);
        foreach (var name in spec.FieldNames)
        {
            if (!IsaTable.TryGetField(name, out var f)) continue;
            long v;
            if (fixedValues != null && fixedValues.TryGetValue(name, out long fv)) v = fv;
            else if (Hint(spec, name) is { } hinted) v = hinted;
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
                            var r = PickReg(f.Kind, avoid != null || _rng.Chance(3, 4) ? used : null);
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
        // Now and then misaligned anyway: PpcSim must raise the alignment interrupt, and the
        // interrupt-parity check then makes sure qemu faults on it too.
        bool natural = OpCatalog.NeedsNaturalAlignment(spec) && !_rng.Chance(1, 8);
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

    // ---- load-reserve / store-conditional pairs ----------------------------------------------

    /// <summary>
    /// larx then stcx. of the same size at the same naturally aligned address, with a few plain
    /// instructions between (no stores: the ISA leaves it undefined whether a stcx. to another
    /// address than the larx's stores, and a store in between is a second variable). The harness
    /// clears any reservation before each sequence, so every sequence starts without one.
    /// </summary>
    private Item? MakeReservePair(InsnSpec picked)
    {
        int size = picked.Size;
        var larx = OpCatalog.Eligible.FirstOrDefault(s => s.Mem == MemKind.LoadReserve && s.Size == size);
        var stcx = OpCatalog.Eligible.FirstOrDefault(s => s.Mem == MemKind.StoreConditional && s.Size == size);
        if (larx == null) return null;
        long off = (long)_rng.Range(-Layout.ScratchSize / 2 / size, Layout.ScratchSize / 2 / size - 1) * size;
        if (size > 1 && _rng.Chance(1, 10)) off += _rng.Range(1, size - 1); // misaligned: must raise (interrupt parity)
        var words = new List<uint>();
        var ra = PickReg("gpr", [0]);
        if (ra == null) return null;
        words.Add(Assembler.Assemble($"li {ra},{off}"));
        // RA = r31 (base), RB = offset register; the data register must differ from both (lqarx's pair too).
        var vals = new Dictionary<string, long>(StringComparer.Ordinal) { ["ra0"] = Layout.BaseGpr, ["rb"] = ra.Value };
        var l = FillFields(larx, larx.Match, vals, avoid: [ra.Value, Layout.BaseGpr]);
        if (l == null || Decoder.Instance.Decode(l.Value) != larx.Op) return null;
        words.Add(l.Value);
        for (int i = _rng.Below(3); i > 0; i--)
        {
            var between = PickSpec();
            if (OpCatalog.Category(between) is OpCategory.Memory or OpCategory.Branch) continue;
            if (MakePlain(between) is { } w) words.Add(w);
        }
        if (stcx == null) return new Item(words.ToArray()); // lqarx alone: see OpCatalog (stqcx.)
        var rb = PickReg("gpr", [0]);
        if (rb == null) return null;
        words.Add(Assembler.Assemble($"li {rb},{off}"));
        vals["rb"] = rb.Value;
        var st = FillFields(stcx, stcx.Match, vals);
        if (st == null || Decoder.Instance.Decode(st.Value) != stcx.Op) return null;
        words.Add(st.Value);
        return new Item(words.ToArray());
    }

    // ---- lxvl / lxvll / stxvl / stxvll: EA = (RA|0), length in RB[0:7] ---------------------

    private Item? MakeLengthAccess(InsnSpec spec)
    {
        const long P = (long)Layout.ScratchBoundary;
        long ea = P + _rng.Range(-Layout.ScratchSize / 2, Layout.ScratchSize / 2 - 16);
        int length = _rng.Below(4) == 0 ? _rng.Range(17, 255) : _rng.Range(0, 16); // lengths over 16 mean 16
        var ra = PickReg("gpr", [0]);
        var rb = PickReg("gpr", ra == null ? [0] : [0, ra.Value]);
        if (ra == null || rb == null) return null;
        var words = new List<uint>
        {
            Assembler.Assemble($"addi {ra},{Layout.BaseGpr},{ea - P}"),
            Assembler.Assemble($"li {rb},{length}"),
            Assembler.Assemble($"rldicr {rb},{rb},56,7"),
        };
        var w = FillFields(spec, spec.Match, new Dictionary<string, long>(StringComparer.Ordinal) { ["ra0"] = ra.Value, ["rb"] = rb.Value });
        if (w == null || Decoder.Instance.Decode(w.Value) != spec.Op) return null;
        words.Add(w.Value);
        return new Item(words.ToArray());
    }

    // ---- branches to LR / CTR -------------------------------------------------------------------

    // bcctr must not decrement CTR (ISA 2.4: BO[2]=0 is an invalid form), so its BO has bit 2 set.
    private static readonly int[] s_boNoDecrement = [0b00100, 0b00110, 0b00111, 0b01100, 0b01110, 0b01111, 0b10100];

    /// <summary>
    /// bcl 20,31,$+4 puts the address of the next word in LR; mflr/addi/mtlr (or mtctr) aim it
    /// past the branch and the words it may skip; then bclr/bcctr with a random condition.
    /// </summary>
    private Item? MakeIndirectBranch(InsnSpec spec)
    {
        var rx = PickReg("gpr", [0]);
        if (rx == null) return null;
        var skipped = new List<uint>();
        for (int i = 0, made = 0, want = _rng.Below(3); made < want && i < 8; i++)
        {
            var spec2 = PickSpec();
            if (OpCatalog.Category(spec2) == OpCategory.Branch) continue;
            if (MakeItem(spec2, blind: true) is not { } it) continue;
            skipped.AddRange(it.Words);
            made++;
        }
        bool ctr = spec.Handler == "Bcctr";
        // Layout: bcl | mflr | addi | mtlr/mtctr | bclr/bcctr | skipped... ; LR after bcl = address of mflr.
        int targetFromMflr = 4 * (4 + skipped.Count);
        var vals = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["bo"] = ctr ? _rng.Pick(s_boNoDecrement) : _rng.Pick(s_bo),
            ["bh"] = ctr ? _rng.Pick(new long[] { 0, 3 }) : _rng.Pick(new long[] { 0, 1, 3 }),
        };
        var free = Enumerable.Range(0, 32).Where(b => !_poison.Touches(ArchState.Cr, Loc.CrBit(b))).ToList();
        if (free.Count == 0) return null;
        vals["bi"] = _rng.Pick(free);
        var w = FillFields(spec, spec.Match, vals);
        if (w == null || Decoder.Instance.Decode(w.Value) != spec.Op) return null;
        return new Item([
            Assembler.Assemble("bcl 20,31,4", 0), // target = this word + 4
            Assembler.Assemble($"mflr {rx}"),
            Assembler.Assemble($"addi {rx},{rx},{targetFromMflr}"),
            Assembler.Assemble(ctr ? $"mtctr {rx}" : $"mtlr {rx}"),
            w.Value,
            .. skipped,
        ]);
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
