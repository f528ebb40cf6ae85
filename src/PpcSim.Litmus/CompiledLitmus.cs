using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PpcSim.Isa;
using PpcSim.Machine.Weak;
using PpcSim.Memory.Weak;

namespace PpcSim.Litmus;

/// <summary>
/// A litmus test made runnable: memory locations placed at addresses, each thread assembled with
/// PpcSim's assembler at its own code address, initial registers set, and the observed
/// locations (condition and <c>locations</c> clause) ready to be read out of a finished machine.
/// </summary>
public sealed partial class CompiledLitmus
{
    /// <summary>Location i lives at DataBase + i*DataStride: one per 4 KiB page, so no two share a reservation granule.</summary>
    public const ulong DataBase = 0x1000_0000, DataStride = 0x1000;
    public const ulong CodeBase = 0x0010_0000, CodeStride = 0x1_0000;

    private readonly Dictionary<string, ulong> _addressOf;
    private readonly Dictionary<ulong, string> _symbolAt;
    private readonly int[] _observedResource;
    private readonly ulong[] _observedAddress;

    private CompiledLitmus(LitmusTest test, List<string> symbols, List<WeakThreadSetup> threads, List<(ulong, ulong)> memory)
    {
        Test = test;
        Symbols = symbols;
        _addressOf = symbols.Select((s, i) => (s, DataBase + (ulong)i * DataStride)).ToDictionary(p => p.s, p => p.Item2, StringComparer.Ordinal);
        _symbolAt = _addressOf.ToDictionary(p => p.Value, p => p.Key);
        Threads = threads;
        InitialMemory = memory;
        Observed = test.ObservedLocations;
        _observedResource = Observed.Select(l => l.IsRegister ? Resource.Gpr0 + int.Parse(l.Name.AsSpan(1), CultureInfo.InvariantCulture) : -1).ToArray();
        _observedAddress = Observed.Select(l => l.IsRegister ? 0UL : _addressOf[l.Name]).ToArray();
    }

    public LitmusTest Test { get; }
    public string Name => Test.Name;
    /// <summary>Memory location names, in address order.</summary>
    public IReadOnlyList<string> Symbols { get; }
    public IReadOnlyList<WeakThreadSetup> Threads { get; }
    public IReadOnlyList<(ulong Address, ulong Value)> InitialMemory { get; }
    public IReadOnlyList<LitmusLocation> Observed { get; }

    public ulong AddressOf(string symbol) => _addressOf[symbol];

    public WeakMachine CreateMachine(MemoryModel model) => new(model, Threads, InitialMemory);

    /// <summary>Reads the observed locations of a finished machine, in <see cref="Observed"/> order.</summary>
    public void ReadOutcome(WeakMachine m, Span<ulong> values)
    {
        for (int i = 0; i < _observedResource.Length; i++)
        {
            var l = Observed[i];
            values[i] = l.IsRegister ? m.FinalRegister(l.Thread, _observedResource[i]) : m.FinalMemory(_observedAddress[i]);
        }
    }

    /// <summary>A value as herd prints it: the name of the location it points to, else a signed decimal (32-bit values sign-extended).</summary>
    public string FormatValue(ulong v)
    {
        if (_symbolAt.TryGetValue(v, out var s)) return s;
        long x = (v >> 32) == 0 && (v & 0x8000_0000UL) != 0 ? (int)(uint)v : (long)v;
        return x.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>herd's state line: <c>1:r1=0; 1:r3=1; x=2;</c>.</summary>
    public string FormatOutcome(ReadOnlySpan<ulong> values)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(Observed[i]).Append('=').Append(FormatValue(values[i])).Append(';');
        }
        return sb.ToString();
    }

    public bool Satisfies(ReadOnlySpan<ulong> values)
    {
        var map = new Dictionary<LitmusLocation, string>();
        for (int i = 0; i < values.Length; i++) map[Observed[i]] = FormatValue(values[i]);
        return Test.Condition.Eval(l => map.TryGetValue(l, out var v) ? v : "0");
    }

    // ---- compilation ---------------------------------------------------------------------------

    private static readonly HashSet<string> s_displacementForms =
        IsaTable.Specs.Where(s => s.Asm.Contains('(')).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    public static CompiledLitmus Compile(LitmusTest test)
    {
        // Memory locations: every non-register location or symbolic value the test mentions.
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in test.Init)
        {
            if (!e.Location.IsRegister) names.Add(e.Location.Name);
            if (e.Value.Symbol is { } s) names.Add(s);
        }
        var condSyms = new HashSet<string>();
        test.Condition.CollectSymbols(condSyms);
        foreach (var s in condSyms) names.Add(s);
        foreach (var l in test.Locations)
            if (!l.IsRegister) names.Add(l.Name);
        if (names.Count > StorageSubsystem.MaxLocations)
            throw new LitmusException(test.File, 1, $"too many memory locations ({names.Count}; at most {StorageSubsystem.MaxLocations})");
        var symbols = names.ToList();
        ulong Addr(string s) => DataBase + (ulong)symbols.IndexOf(s) * DataStride;
        ulong Val(LitmusValue v) => v.Symbol is { } s ? Addr(s) : (ulong)v.Number;

        var memory = symbols.Select(s => (Addr(s), 0UL)).ToList();
        foreach (var e in test.Init)
        {
            if (e.Location.IsRegister) continue;
            int i = symbols.IndexOf(e.Location.Name);
            memory[i] = (Addr(e.Location.Name), Val(e.Value));
        }

        var threads = new List<WeakThreadSetup>();
        for (int t = 0; t < test.Threads.Count; t++)
        {
            var symbolic = AllocateSymbolicRegisters(test, t);
            var regs = new ulong[Resource.Count];
            foreach (var e in test.Init)
            {
                if (!e.Location.IsRegister) continue;
                if (e.Location.Name.StartsWith('%'))
                {
                    if ((e.Location.Thread == t || e.Location.Thread == LitmusLocation.AnyThread) && symbolic.TryGetValue(e.Location.Name, out int sr))
                        regs[Resource.Gpr0 + sr] = Val(e.Value);
                    continue;
                }
                if (e.Location.Thread != t) continue;
                regs[Resource.Gpr0 + int.Parse(e.Location.Name.AsSpan(1), CultureInfo.InvariantCulture)] = Val(e.Value);
            }
            ulong codeBase = CodeBase + (ulong)t * CodeStride;
            var words = Assemble(test, t, codeBase, symbolic);
            var program = new ProgramImage(codeBase, words.Select(w => w.Word).ToList());
            for (int i = 0; i < program.Instructions.Count; i++)
            {
                var info = program.Instructions[i];
                if (info.Kind == InsnKind.Unsupported)
                    throw new LitmusException(test.File, words[i].Line, $"P{t}: '{words[i].Text}': {info.UnsupportedReason}");
            }
            threads.Add(new WeakThreadSetup(program, regs));
        }
        return new CompiledLitmus(test, symbols, threads, memory);
    }

    /// <summary>
    /// herd's symbolic registers (<c>%x0</c>): each one a thread uses gets a register that thread
    /// does not otherwise name, from r31 down (never r0, which means zero as a base register).
    /// </summary>
    private static Dictionary<string, int> AllocateSymbolicRegisters(LitmusTest test, int t)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var used = new HashSet<int>();
        foreach (var c in test.Threads[t])
            foreach (Match m in GprRegex().Matches(c.Instruction)) used.Add(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        foreach (var e in test.Init)
            if (e.Location.IsRegister && e.Location.Thread == t && LitmusParser.IsGpr(e.Location.Name)) used.Add(int.Parse(e.Location.Name.AsSpan(1), CultureInfo.InvariantCulture));
        foreach (var l in test.ObservedLocations)
            if (l.IsRegister && l.Thread == t && LitmusParser.IsGpr(l.Name)) used.Add(int.Parse(l.Name.AsSpan(1), CultureInfo.InvariantCulture));
        int next = 31;
        foreach (var c in test.Threads[t])
        {
            foreach (Match m in SymRegRegex().Matches(c.Instruction))
            {
                string name = "%" + m.Groups[1].Value;
                if (LitmusParser.IsGpr(m.Groups[1].Value) || map.ContainsKey(name)) continue;
                while (next > 0 && used.Contains(next)) next--;
                if (next <= 0) throw new LitmusException(test.File, c.Line, $"P{t}: no free register for {name}");
                map[name] = next;
                used.Add(next);
            }
        }
        return map;
    }

    [GeneratedRegex(@"(?<![%\w])r(\d+)\b")]
    private static partial Regex GprRegex();

    [GeneratedRegex(@"%([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex SymRegRegex();

    private static List<(uint Word, int Line, string Text)> Assemble(LitmusTest test, int t, ulong codeBase, Dictionary<string, int> symbolic)
    {
        var cells = test.Threads[t];
        var labels = new Dictionary<string, ulong>(StringComparer.Ordinal);
        ulong pc = codeBase;
        foreach (var c in cells)
        {
            foreach (var l in c.Labels)
                if (!labels.TryAdd(l, pc)) throw new LitmusException(test.File, c.Line, $"P{t}: label '{l}' defined twice");
            if (c.Instruction.Length > 0) pc += 4;
        }
        var result = new List<(uint, int, string)>();
        pc = codeBase;
        foreach (var c in cells)
        {
            if (c.Instruction.Length == 0) continue;
            string text = HerdSyntax(SymRegRegex().Replace(c.Instruction, m => symbolic.TryGetValue(m.Value, out int r) ? "r" + r : m.Value));
            string? missing = null;
            long? Lookup(string name)
            {
                if (labels.TryGetValue(name, out ulong a)) return (long)a;
                missing ??= name;
                return null;
            }
            uint word;
            try
            {
                word = Assembler.Assemble(text, pc, Lookup);
            }
            catch (AsmException e)
            {
                if (missing != null) throw new LitmusException(test.File, c.Line, $"P{t}: undefined label '{missing}' in '{c.Instruction}'");
                throw new LitmusException(test.File, c.Line, $"P{t}: '{c.Instruction}': {e.Message}");
            }
            result.Add((word, c.Line, c.Instruction));
            pc += 4;
        }
        return result;
    }

    /// <summary>herd accepts <c>lwz r1,0,r4</c> for <c>lwz r1,0(r4)</c>.</summary>
    private static string HerdSyntax(string insn)
    {
        insn = insn.Trim();
        int sp = insn.IndexOfAny([' ', '\t']);
        if (sp < 0) return insn;
        string mnem = insn[..sp].ToLowerInvariant();
        if (!s_displacementForms.Contains(mnem)) return insn;
        var ops = insn[sp..].Split(',').Select(o => o.Trim()).ToArray();
        if (ops.Length == 3 && !ops[1].Contains('(') && LitmusParser.IsGpr(ops[2].ToLowerInvariant()))
            return $"{mnem} {ops[0]},{ops[1]}({ops[2]})";
        return insn;
    }
}
