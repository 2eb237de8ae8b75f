namespace ContinualCluster.Bench.Torch;

/// <summary>Finds the repository root: $CC_REPO_ROOT (set by run.sh), else the nearest parent holding run.sh.</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        var env = Environment.GetEnvironmentVariable("CC_REPO_ROOT");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "run.sh"))) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "run.sh"))) return dir.FullName;
        throw new DirectoryNotFoundException("cannot find the repository root (no run.sh above the benchmark); set CC_REPO_ROOT");
    }
}
