using PpcSim.Litmus;
using PpcSim.TestSupport;

namespace PpcSim.Litmus.Tests;

/// <summary>The herding-cats POWER campaign (8,068 tests, ../shared/litmus/campaign.tar.gz), extracted once per test run.</summary>
public sealed class Campaign : IDisposable
{
    public Campaign()
    {
        string archive = Path.Combine(Suite.Dir, "campaign.tar.gz");
        if (!File.Exists(archive)) throw new InvalidOperationException($"campaign archive not found: {archive}");
        Root = Tools.TempDir("litmus-campaign");
        var r = Tools.Run("tar", ["-xzf", archive, "-C", Root], timeoutMs: 300_000);
        if (r.ExitCode != 0) throw new InvalidOperationException("tar failed: " + r.Stderr);
        Dir = Path.Combine(Root, "campaign");
        Expected = ExpectedOutcomes.Load(Path.Combine(Dir, "expected.json"));
    }

    public string Root { get; }
    public string Dir { get; }
    public ExpectedOutcomes Expected { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
