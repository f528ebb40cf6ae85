using System.Globalization;
using PpcSim.Litmus;
using PpcSim.Machine.Weak;
using PpcSim.Memory.Weak;

namespace PpcSim.Cli.Commands;

/// <summary>
/// ppcsim litmus FILES... : runs herdtools7 PPC litmus tests on the weak-memory machine and prints
/// a litmus7-style log (herd7-style with --exhaustive). A malformed file is reported (file, line,
/// reason) and skipped; the others still run. Exit 2 if any file was malformed, else 1 if an
/// outcome fell outside --expected's set, else 0 (3 for a simulator failure).
/// </summary>
public sealed class LitmusCommand : ICommand
{
    public string Name => "litmus";
    public string Synopsis => "litmus FILES... [--runs N] [--seed S] [--model power|tso|sc] [--expected FILE] [--exhaustive] [--jobs N]";

    public int Run(IReadOnlyList<string> args)
    {
        var files = new List<string>();
        long runs = 100_000;
        ulong seed = 1;
        int jobs = 1;
        long maxStates = 20_000_000;
        var model = MemoryModel.Power;
        string? expectedPath = null;
        bool exhaustive = false;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value() => ++i < args.Count ? args[i] : throw new UsageException($"{a} needs a value");
            switch (a)
            {
                case "--runs":
                    if (!long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out runs) || runs < 1) throw new UsageException($"--runs needs a positive integer, got '{args[i]}'");
                    break;
                case "--seed":
                    if (!ulong.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out seed)) throw new UsageException($"--seed needs a non-negative integer, got '{args[i]}'");
                    break;
                case "--jobs":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out jobs) || jobs < 1) throw new UsageException($"--jobs needs a positive integer, got '{args[i]}'");
                    break;
                case "--max-states":
                    if (!long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out maxStates) || maxStates < 1) throw new UsageException($"--max-states needs a positive integer, got '{args[i]}'");
                    break;
                case "--model":
                    model = Value() switch
                    {
                        "power" => MemoryModel.Power,
                        "tso" => MemoryModel.Tso,
                        "sc" => MemoryModel.Sc,
                        var v => throw new UsageException($"unknown model '{v}' (power, tso or sc)"),
                    };
                    break;
                case "--expected":
                    expectedPath = Value();
                    break;
                case "--exhaustive":
                    exhaustive = true;
                    break;
                default:
                    if (a.StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"unknown option '{a}'");
                    files.Add(a);
                    break;
            }
        }
        if (files.Count == 0) throw new UsageException("usage: ppcsim " + Synopsis);
        ExpectedOutcomes? expected = null;
        if (expectedPath != null)
        {
            if (!File.Exists(expectedPath)) throw new UsageException($"{expectedPath}: no such file");
            try
            {
                expected = ExpectedOutcomes.Load(expectedPath);
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new UsageException($"{expectedPath}: not an expected-outcomes file ({e.Message})");
            }
        }

        bool malformed = false, unexpected = false, failed = false;
        foreach (var file in Expand(files))
        {
            if (!File.Exists(file))
            {
                Console.Out.Flush();
                Console.Error.WriteLine($"{file}: no such file");
                malformed = true;
                continue;
            }
            CompiledLitmus test;
            try
            {
                test = CompiledLitmus.Compile(LitmusParser.ParseFile(file));
            }
            catch (LitmusException e)
            {
                Console.Out.Flush();
                Console.Error.WriteLine($"{e.File}:{e.Line}: {e.Reason}");
                malformed = true;
                continue;
            }
            LitmusOutcomes result;
            try
            {
                result = exhaustive ? LitmusRunner.RunExhaustive(test, model, maxStates) : LitmusRunner.Run(test, model, runs, seed, jobs);
            }
            catch (Exception e) when (e is WeakMachineException or StorageCapacityException or LitmusException)
            {
                Console.Out.Flush();
                Console.Error.WriteLine($"{file}: simulation failed: {e.Message}");
                failed = true;
                continue;
            }
            Console.Out.Write(result.ToLog());
            if (expected != null)
            {
                var entry = expected.Find(test.Test);
                if (entry == null)
                {
                    Console.Out.Flush();
                    Console.Error.WriteLine($"{file}: test {test.Name} is not in {expectedPath}");
                    continue;
                }
                foreach (var o in result.Outcomes)
                {
                    string p = entry.Project(o);
                    if (!entry.States.Contains(p))
                    {
                        Console.Out.Flush();
                        Console.Error.WriteLine($"{file}: {test.Name}: outcome {p} ({o.Count}x) is not allowed by {Path.GetFileName(expectedPath)}");
                        unexpected = true;
                    }
                }
            }
        }
        Console.Out.Flush();
        return malformed ? 2 : failed ? 3 : unexpected ? 1 : 0;
    }

    /// <summary>Directories stand for the *.litmus files in them, in name order.</summary>
    private static IEnumerable<string> Expand(IEnumerable<string> args)
    {
        foreach (var a in args)
        {
            if (Directory.Exists(a))
            {
                foreach (var f in Directory.GetFiles(a, "*.litmus").OrderBy(f => f, StringComparer.Ordinal)) yield return f;
            }
            else yield return a;
        }
    }
}
