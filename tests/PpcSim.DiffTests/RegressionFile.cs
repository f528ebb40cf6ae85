using System.Globalization;
using System.Text;
using PpcSim.TestSupport;

namespace PpcSim.DiffTests;

/// <summary>
/// A shrunk mismatch kept as a regression test (tests/PpcSim.DiffTests/regressions/*.txt): the
/// code address, the instruction words (one line per item), the initial state (slots not listed
/// are zero), qemu's final state (slots not listed kept their initial value), and the
/// undefined-bit mask with its ISA reasons. Replaying needs
/// no qemu: PpcSim's result is compared with the stored expectation.
/// </summary>
public sealed record RegressionFile(TestCase Case, ArchState Expected, string Path)
{
    public static string Directory => System.IO.Path.Combine(Tools.RepoRoot, "tests", "PpcSim.DiffTests", "regressions");

    public static IEnumerable<string> All() =>
        System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetFiles(Directory, "*.txt").Order(StringComparer.Ordinal) : [];

    public static string Write(CaseResult r, string? note = null)
    {
        var c = r.Case;
        var sb = new StringBuilder();
        sb.Append("# PpcSim differential regression, shrunk by tests/PpcSim.DiffTests. Expected values are\n");
        sb.Append("# qemu-ppc64le -cpu power9's; mask bits are undefined by the ISA and are not compared.\n");
        if (note != null) foreach (var line in note.Split('\n')) sb.Append("# ").Append(line).Append('\n');
        sb.Append("# mismatch when found:\n");
        if (r.Crash != null) sb.Append("#   crash: ").Append(r.Crash.Replace('\n', ' ')).Append('\n');
        foreach (var d in r.Diffs) sb.Append("#   ").Append(d).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"id {c.Id}\ncode 0x{c.CodeAddress:x}\n");
        ulong pc = c.CodeAddress;
        foreach (var item in c.Items)
        {
            sb.Append("item");
            var text = new List<string>();
            foreach (var w in item.Words)
            {
                sb.Append(CultureInfo.InvariantCulture, $" 0x{w:x8}");
                text.Add(CaseResult.SafeDisasm(w, pc));
                pc += 4;
            }
            sb.Append("    # ").Append(string.Join("; ", text)).Append('\n');
        }
        // Slots not listed are zero (init) or unchanged from init (expect).
        for (int i = 0; i < ArchState.Count; i++)
            if (c.Initial[i] != 0) sb.Append($"init {ArchState.SlotName(i)} {ArchState.Hex(c.Initial[i])}\n");
        var expected = r.Qemu ?? new ArchState();
        for (int i = 0; i < ArchState.Count; i++)
            if (expected[i] != c.Initial[i]) sb.Append($"expect {ArchState.SlotName(i)} {ArchState.Hex(expected[i])}\n");
        for (int i = 0; i < ArchState.Count; i++)
            if (c.Mask.Mask[i] != 0) sb.Append($"mask {ArchState.SlotName(i)} {ArchState.Hex(c.Mask.Mask[i])}\n");
        foreach (var reason in c.Mask.Reasons) sb.Append("reason ").Append(reason).Append('\n');
        System.IO.Directory.CreateDirectory(Directory);
        string path = System.IO.Path.Combine(Directory, Sanitize(c.Id) + ".txt");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static string Sanitize(string id) => new(id.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray());

    public static RegressionFile Read(string path)
    {
        string? id = null;
        ulong code = 0;
        var items = new List<Item>();
        var init = new ArchState();
        var expect = new ArchState();
        var expectGiven = new bool[ArchState.Count];
        var poison = new Poison();
        int lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            int hash = raw.IndexOf('#');
            var line = (raw.StartsWith("reason ", StringComparison.Ordinal) || hash < 0 ? raw : raw[..hash]).Trim();
            if (line.Length == 0) continue;
            var tok = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            try
            {
                switch (tok[0])
                {
                    case "id": id = tok[1]; break;
                    case "code": code = ParseHex(tok[1]); break;
                    case "item": items.Add(new Item(tok.Skip(1).Select(t => (uint)ParseHex(t)).ToArray())); break;
                    case "init": init[Slot(tok[1])] = ParseHex(tok[2]); break;
                    case "expect":
                        expect[Slot(tok[1])] = ParseHex(tok[2]);
                        expectGiven[Slot(tok[1])] = true;
                        break;
                    case "mask": poison.Mask[Slot(tok[1])] = ParseHex(tok[2]); break;
                    case "reason": poison.Reasons.Add(line["reason ".Length..]); break;
                    default: throw new FormatException($"unknown key '{tok[0]}'");
                }
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
            {
                throw new FormatException($"{path}:{lineNo}: {e.Message}");
            }
        }
        if (id == null || code == 0) throw new FormatException($"{path}: missing id or code");
        for (int i = 0; i < ArchState.Count; i++)
            if (!expectGiven[i]) expect[i] = init[i];
        var tc = new TestCase(id, code, init, items) { Mask = poison };
        return new RegressionFile(tc, expect, path);
    }

    private static int Slot(string name) => ArchState.TryParseSlot(name, out int s) ? s : throw new FormatException($"unknown slot '{name}'");

    private static ulong ParseHex(string s) =>
        ulong.Parse(s.StartsWith("0x", StringComparison.Ordinal) ? s[2..] : s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
