namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>Locates the repository root (CC_REPO_ROOT, or the nearest parent holding ContinualCluster.sln).</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("CC_REPO_ROOT");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "ContinualCluster.sln"))) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ContinualCluster.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (no ContinualCluster.sln above the test binaries; set CC_REPO_ROOT)");
    }
}
