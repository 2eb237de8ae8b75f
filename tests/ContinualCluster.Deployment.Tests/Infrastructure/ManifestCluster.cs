namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// Silo processes started exactly as one rendered StatefulSet's pods, against a fresh PostgreSQL database. Each
/// ordinal keeps its pod name and its ports across restarts, as a StatefulSet pod keeps its name.
/// </summary>
public sealed class ManifestCluster : IAsyncDisposable
{
    private readonly Dictionary<int, SiloProcess> _silos = new();
    private readonly Dictionary<int, Dictionary<string, string>> _substitutions = new();

    private static readonly Lazy<string> SharedCache = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("ccl-deploy-tests.").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } };
        return dir;
    });

    /// <summary>
    /// Pretrains the frozen backbone once per test run with the silo's own code and the settings the manifest gives it
    /// (only the cache path), so that the silos load it instead of each pretraining on their first request.
    /// </summary>
    private static readonly Lazy<Task> Backbone = new(() => Task.Run(() =>
    {
        using var factory = ContinualCluster.Grains.Learning.LearningFactory.Create(
            new ContinualCluster.Grains.Learning.LearningOptions { BackboneCache = Path.Combine(SharedCache.Value, "backbone.bin") });
        _ = factory.Backbone;
    }));

    public RenderedManifest Manifest { get; }
    public K8sObject StatefulSet { get; }
    public TestDatabase Database { get; }

    private ManifestCluster(RenderedManifest manifest, K8sObject statefulSet, TestDatabase database)
    {
        Manifest = manifest; StatefulSet = statefulSet; Database = database;
    }

    public static async Task<ManifestCluster> CreateAsync(string overlay = "cpu", string statefulSet = "ccl-silo")
    {
        var m = RenderedManifest.Of(overlay);
        await Backbone.Value;
        return new ManifestCluster(m, m.Get("StatefulSet", statefulSet), await TestDatabase.CreateAsync());
    }

    /// <summary>A key from the rendered Secret (e.g. "gateway-key-admin"), without its role prefix.</summary>
    public string Key(string secretEntry) => Manifest.SecretData("ccl-secrets")[secretEntry].Split(':', 2)[1];

    public SiloProcess this[int ordinal] => _silos[ordinal];

    public IEnumerable<SiloProcess> Running => _silos.Values.Where(s => !s.HasExited);

    /// <summary>
    /// The local stand-ins for what a pod has and a process on a shared host does not: its own ports (pods each have
    /// a network namespace), the database address (the ccl-postgres Service) and the backbone cache, a per-pod
    /// emptyDir in the manifest, here one file for every silo of this test run (so the backbone is pretrained once;
    /// the file carries the options it was trained with, and a silo retrains when they differ).
    /// </summary>
    private Dictionary<string, string> SubstitutionsFor(int ordinal)
    {
        if (!_substitutions.TryGetValue(ordinal, out var subs))
        {
            subs = new Dictionary<string, string>
            {
                ["CCL_Store__ConnectionString"] = Database.ConnectionString,
                [SiloSettings.SiloPort] = FreePort.Next().ToString(),
                [SiloSettings.GatewayPort] = FreePort.Next().ToString(),
                ["CCL_Learning__BackboneCache"] = Path.Combine(SharedCache.Value, "backbone.bin"),
            };
            _substitutions[ordinal] = subs;
        }
        return subs;
    }

    public PodLaunch LaunchFor(int ordinal) => PodLaunch.For(Manifest, StatefulSet, ordinal, SubstitutionsFor(ordinal));

    /// <summary>Starts (or restarts) the pod with this ordinal and waits until it reports ready.</summary>
    public async Task<SiloProcess> StartAsync(int ordinal, TimeSpan? readyTimeout = null)
    {
        if (_silos.TryGetValue(ordinal, out var old))
        {
            if (!old.HasExited) throw new InvalidOperationException($"{old.Launch.PodName} is still running");
            await old.DisposeAsync();
        }
        var silo = SiloProcess.Start(LaunchFor(ordinal));
        _silos[ordinal] = silo;
        await silo.WaitReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(90));
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _silos.Values) await s.DisposeAsync();
        await Database.DisposeAsync();
    }
}
