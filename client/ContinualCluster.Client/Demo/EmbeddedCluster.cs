using ContinualCluster.Grains;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Runtime.Hosting;
using ContinualCluster.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ContinualCluster.Client.Demo;

/// <summary>Several real silos in one process sharing one SQLite file (membership, directory, state, request log).</summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly List<(Runtime.Hosting.Silo Silo, ServiceProvider Services)> _silos = new();

    public IReadOnlyList<Runtime.Hosting.Silo> Silos => _silos.Select(s => s.Silo).ToList();

    /// <summary>Starts <paramref name="count"/> silos; the first is labelled gpu=true so training-heavy grains prefer it.</summary>
    public static async Task<EmbeddedCluster> StartAsync(int count, string databasePath, StreamEngineOptions stream, ILearningFactory learning, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var cluster = new EmbeddedCluster();
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
        string secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        for (int i = 0; i < count; i++)
        {
            var services = new ServiceCollection();
            services.AddSqliteStores($"Data Source={databasePath}", o => o.SynchronousFull = false);
            services.AddSingleton(learning);
            services.AddContinualGrains(stream);
            int index = i;
            services.AddContinualClusterSilo(o =>
            {
                o.SiloId = $"silo-{(char)('a' + index)}";
                o.SiloPort = 0;
                o.ClusterSecret = secret;
                o.StoreKind = StoreKind.Sqlite;
                o.StoreConnectionString = $"Data Source={databasePath}";
                if (index == 0) o.Labels["gpu"] = "true";
                o.ResponseTimeout = TimeSpan.FromMinutes(5);
                // Training saturates both cores; a generous lease keeps a busy silo from being declared dead.
                o.HeartbeatInterval = TimeSpan.FromSeconds(2);
                o.Lease = TimeSpan.FromSeconds(20);
                o.DeadTimeout = TimeSpan.FromSeconds(45);
            });
            var provider = services.BuildServiceProvider();
            var silo = provider.GetRequiredService<Runtime.Hosting.Silo>();
            await silo.StartAsync(ct);
            cluster._silos.Add((silo, provider));
        }
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (silo, services) in Enumerable.Reverse(_silos))
        {
            try { await silo.StopAsync(); } catch (Exception e) { Console.Error.WriteLine($"stopping {silo.SiloId}: {e.Message}"); }
            await services.DisposeAsync();
        }
    }
}
