using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PpcSim.TestSupport;

/// <summary>
/// Disassembles raw little-endian words with binutils' objdump -M power9 (the reference text
/// for PpcSim's disassembler). Words are laid out at address 0, 4, 8, ...; branch targets are
/// therefore relative to each word's index.
/// </summary>
public static partial class ObjdumpOracle
{
    [GeneratedRegex(@"^\s*([0-9a-f]+):\t(?:[0-9a-f]{2} ){4}\t?(.*)$")]
    private static partial Regex LineRegex();

    /// <summary>objdump's text for each word (".long 0x..." where it does not decode).</summary>
    public static string[] Disassemble(IReadOnlyList<uint> words)
    {
        Tools.Require(Tools.Objdump);
        var dir = Tools.TempDir("objdump");
        try
        {
            var bin = Path.Combine(dir, "w.bin");
            var bytes = new byte[words.Count * 4];
            for (int i = 0; i < words.Count; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
            File.WriteAllBytes(bin, bytes);
            var r = Tools.Run(Tools.Objdump, ["-D", "-b", "binary", "-m", "powerpc:common64", "-EL", "-M", "power9", bin], timeoutMs: 600_000);
            if (r.ExitCode != 0) throw new InvalidOperationException("objdump failed: " + r.Stderr);
            var result = new string[words.Count];
            foreach (var line in r.Stdout.Split('\n'))
            {
                var m = LineRegex().Match(line);
                if (!m.Success) continue;
                int idx = int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 4;
                if (idx < result.Length) result[idx] = m.Groups[2].Value.TrimEnd();
            }
            for (int i = 0; i < result.Length; i++)
                if (result[i] == null) throw new InvalidOperationException($"objdump printed no line for word {i} ({words[i]:x8})");
            return result;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
