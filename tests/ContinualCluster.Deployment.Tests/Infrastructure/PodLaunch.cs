using System.Text;
using System.Text.RegularExpressions;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// How one pod of a rendered silo StatefulSet runs as a local process: the image's entrypoint and ENV, then the
/// container's envFrom/env with the downward API filled in and $(VAR) references expanded as the kubelet does.
/// The only local substitutions are listed in <see cref="Substitutions"/>: what differs between a pod and a process
/// on a shared host (ports, the database address, paths inside the image).
/// </summary>
public sealed record PodLaunch(string PodName, IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> PreStop, int GracePeriodSeconds, IReadOnlyDictionary<string, string> Substitutions)
{
    /// <summary>Where the image's /app (the published silo) is on this machine.</summary>
    public static string LocalAppDir => RepoPaths.Combine("silo", "ContinualCluster.Silo", "bin", "Release", "net10.0");

    public static PodLaunch For(RenderedManifest m, K8sObject statefulSet, int ordinal, IReadOnlyDictionary<string, string> substitutions)
    {
        var container = statefulSet.Containers.Single();
        var image = DockerImage.FromRepository();
        string pod = $"{statefulSet.Name}-{ordinal}";
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in image.Env) env[k] = MapImagePath(v);
        foreach (var e in m.Environment(container))
        {
            string value = e.Source switch
            {
                EnvSource.FieldRef => e.Value switch
                {
                    "metadata.name" => pod,
                    "metadata.namespace" => statefulSet.Namespace ?? "default",
                    "status.podIP" or "status.hostIP" => "127.0.0.1",
                    _ => throw new NotSupportedException($"downward API field {e.Value} has no local equivalent"),
                },
                EnvSource.Literal => Expand(e.Value, env),
                _ => e.Value,
            };
            env[e.Name] = value;
        }
        foreach (var (k, v) in substitutions)
        {
            if (!env.ContainsKey(k)) throw new ArgumentException($"substitution for {k}, which the pod's environment does not set");
            env[k] = v;
        }
        var command = Json.Strings(container["command"]).ToList() is { Count: > 0 } cmd ? cmd : image.Entrypoint.ToList();
        command.AddRange(Json.Strings(container["args"]).Select(a => Expand(a, env)));
        var preStop = Json.Strings(container["lifecycle"]?["preStop"]?["exec"]?["command"]).ToList();
        int grace = int.Parse(Json.Str(statefulSet.PodTemplate?["spec"]?["terminationGracePeriodSeconds"]) ?? "30");
        return new PodLaunch(pod, command.Select(MapImagePath).ToList(), env, preStop, grace, substitutions);
    }

    private static string MapImagePath(string value) =>
        Regex.Replace(value, @"(?<![A-Za-z0-9_])/app(?=/|$|:)", LocalAppDir);

    /// <summary>Kubernetes dependent-variable expansion: $(VAR) becomes VAR's value if defined, $$ escapes.</summary>
    public static string Expand(string value, IReadOnlyDictionary<string, string> env)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '$') { sb.Append('$'); i++; continue; }
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '(')
            {
                int close = value.IndexOf(')', i + 2);
                if (close > 0 && env.TryGetValue(value[(i + 2)..close], out var v)) { sb.Append(v); i = close; continue; }
            }
            sb.Append(value[i]);
        }
        return sb.ToString();
    }
}
