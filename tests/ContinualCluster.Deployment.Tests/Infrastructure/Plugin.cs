namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>Runs k8s/plugin/kubectl-continual with bash, as kubectl would run it from PATH.</summary>
public static class Plugin
{
    public static string Path => RepoPaths.Combine("k8s", "plugin", "kubectl-continual");

    public static ProcessRunner.Result Run(IEnumerable<string> args, string? stdin = null, string? key = null,
        IDictionary<string, string>? extraEnv = null)
    {
        var env = new Dictionary<string, string> { ["CCL_KEY"] = key ?? "", ["CCL_URL"] = "" };
        if (extraEnv is not null) foreach (var (k, v) in extraEnv) env[k] = v;
        return ProcessRunner.Run("bash", [Path, .. args], env, stdin, TimeSpan.FromSeconds(60));
    }
}
