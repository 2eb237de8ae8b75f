using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// The objects `kubectl kustomize k8s/overlays/NAME` renders (or, for a NAME with a '/', the kustomization at that
/// repository-relative path, such as a test overlay built on one of k8s/overlays), with lookups the manifest tests need.
/// </summary>
public sealed class RenderedManifest
{
    private static readonly ConcurrentDictionary<string, Lazy<RenderedManifest>> Cache = new();

    public string Overlay { get; }
    public IReadOnlyList<K8sObject> Objects { get; }

    private RenderedManifest(string overlay, IReadOnlyList<K8sObject> objects) { Overlay = overlay; Objects = objects; }

    public static RenderedManifest Of(string overlay) =>
        Cache.GetOrAdd(overlay, o => new Lazy<RenderedManifest>(() => Render(o))).Value;

    private static RenderedManifest Render(string overlay)
    {
        var dir = overlay.Contains('/') ? RepoPaths.Combine(overlay.Split('/')) : RepoPaths.Combine("k8s", "overlays", overlay);
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"no overlay {dir}");
        var r = ProcessRunner.Run("kubectl", ["kustomize", dir], timeout: TimeSpan.FromSeconds(60));
        if (r.ExitCode != 0) throw new InvalidOperationException($"kubectl kustomize {dir} failed ({r.ExitCode}): {r.StdErr}");
        return new RenderedManifest(overlay, YamlDocuments.Parse(r.StdOut).Select(K8sObject.From).ToList());
    }

    public IEnumerable<K8sObject> OfKind(string kind) => Objects.Where(o => o.Kind == kind);

    public K8sObject Get(string kind, string name) =>
        Objects.SingleOrDefault(o => o.Kind == kind && o.Name == name)
        ?? throw new KeyNotFoundException($"overlay {Overlay} renders no {kind}/{name}");

    /// <summary>StatefulSets whose pods run the silo (component label "silo").</summary>
    public IEnumerable<K8sObject> SiloStatefulSets =>
        OfKind("StatefulSet").Where(s => s.PodLabels.GetValueOrDefault("app.kubernetes.io/component") == "silo");

    public IReadOnlyDictionary<string, string> ConfigMapData(string name) => Json.Map(Get("ConfigMap", name).Node["data"]);

    /// <summary>A Secret's entries, from stringData and (base64-decoded) data.</summary>
    public IReadOnlyDictionary<string, string> SecretData(string name)
    {
        var node = Get("Secret", name).Node;
        var all = new Dictionary<string, string>(Json.Map(node["stringData"]));
        foreach (var (k, v) in Json.Map(node["data"])) all[k] = Encoding.UTF8.GetString(Convert.FromBase64String(v));
        return all;
    }

    /// <summary>A container's environment as the kubelet builds it: envFrom first, then env entries (which win).</summary>
    public IReadOnlyList<EnvVar> Environment(JsonObject container)
    {
        var vars = new List<EnvVar>();
        void Put(EnvVar v) { vars.RemoveAll(x => x.Name == v.Name); vars.Add(v); }
        foreach (var from in Json.Objects(container["envFrom"]))
        {
            if (Json.Str(from["configMapRef"]?["name"]) is { } cm)
                foreach (var (k, v) in ConfigMapData(cm)) Put(new EnvVar(k, EnvSource.ConfigMap, v, cm));
            if (Json.Str(from["secretRef"]?["name"]) is { } sec)
                foreach (var (k, v) in SecretData(sec)) Put(new EnvVar(k, EnvSource.Secret, v, sec));
        }
        foreach (var e in Json.Objects(container["env"]))
        {
            string name = Json.Str(e["name"]) ?? throw new FormatException("an env entry has no name");
            var vf = e["valueFrom"];
            if (vf is null) Put(new EnvVar(name, EnvSource.Literal, Json.Str(e["value"]) ?? ""));
            else if (vf["secretKeyRef"] is JsonObject s)
            {
                string sn = Json.Str(s["name"])!, sk = Json.Str(s["key"])!;
                var data = SecretData(sn);
                if (!data.TryGetValue(sk, out var sv)) throw new KeyNotFoundException($"env {name}: Secret {sn} has no key {sk}");
                Put(new EnvVar(name, EnvSource.Secret, sv, $"{sn}/{sk}"));
            }
            else if (vf["configMapKeyRef"] is JsonObject c)
            {
                string cn = Json.Str(c["name"])!, ck = Json.Str(c["key"])!;
                var data = ConfigMapData(cn);
                if (!data.TryGetValue(ck, out var cv)) throw new KeyNotFoundException($"env {name}: ConfigMap {cn} has no key {ck}");
                Put(new EnvVar(name, EnvSource.ConfigMap, cv, $"{cn}/{ck}"));
            }
            else if (vf["fieldRef"] is JsonObject f) Put(new EnvVar(name, EnvSource.FieldRef, Json.Str(f["fieldPath"])!));
            else if (vf["resourceFieldRef"] is JsonObject r) Put(new EnvVar(name, EnvSource.ResourceFieldRef, Json.Str(r["resource"])!));
            else throw new FormatException($"env {name}: unknown valueFrom");
        }
        return vars;
    }
}
