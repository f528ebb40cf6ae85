namespace PpcSim.Cli;

/// <summary>Finds files of the PpcSim checkout the CLI was built from (firmware images, workloads).</summary>
public static class RepoPaths
{
    public static string Find(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PpcSim.sln"))) dir = dir.Parent;
        var root = dir?.FullName ?? Directory.GetCurrentDirectory();
        return Path.Combine([root, .. parts]);
    }
}
