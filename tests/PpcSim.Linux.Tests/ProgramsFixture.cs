using PpcSim.TestSupport;

namespace PpcSim.Linux.Tests;

/// <summary>
/// Builds tests/programs with the cross compiler (make) once per test run, into
/// tests/programs/out (ignored by git), and fetches Debian's ppc64el busybox there.
/// A missing compiler or a failed build is a test failure, never a skip.
/// </summary>
public sealed class ProgramsFixture
{
    public ProgramsFixture()
    {
        Tools.Require(Tools.Gcc);
        Tools.Require("make");
        SourceDir = Path.Combine(Tools.RepoRoot, "tests", "programs");
        OutDir = Path.Combine(SourceDir, "out");
        var r = Tools.Run("make", ["-C", SourceDir, "OUT=" + OutDir], timeoutMs: 600_000);
        if (r.ExitCode != 0) throw new InvalidOperationException($"building tests/programs failed:\n{r.Stdout}\n{r.Stderr}");
    }

    public string SourceDir { get; }
    public string OutDir { get; }

    public string Program(string name) => Path.Combine(OutDir, name);

    private readonly Lazy<string> _busybox = new(() =>
    {
        var src = Path.Combine(Tools.RepoRoot, "tests", "programs");
        var outDir = Path.Combine(src, "out");
        var r = Tools.Run("sh", [Path.Combine(src, "fetch-busybox.sh"), outDir], timeoutMs: 600_000);
        var bb = Path.Combine(outDir, "busybox");
        if (r.ExitCode != 0 || !File.Exists(bb))
            throw new InvalidOperationException($"fetching busybox-static:ppc64el failed (tests/programs/fetch-busybox.sh):\n{r.Stdout}\n{r.Stderr}");
        return bb;
    });

    public string Busybox => _busybox.Value;
}

[CollectionDefinition(Name)]
public sealed class ProgramsCollection : ICollectionFixture<ProgramsFixture>
{
    public const string Name = "guest programs";
}
