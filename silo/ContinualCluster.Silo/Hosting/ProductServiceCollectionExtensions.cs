using ContinualCluster.Abstractions;
using ContinualCluster.Grains;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Runtime.Hosting;
using ContinualCluster.Silo.Gateway;
using ContinualCluster.Storage.PostgreSql;
using ContinualCluster.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContinualCluster.Silo.Hosting;

/// <summary>Composes a silo from configuration: stores, the runtime silo, the product's grains and the gateway's services.</summary>
public static class ProductServiceCollectionExtensions
{
    /// <summary>SQLite or PostgreSQL stores, as Store:Kind says.</summary>
    public static IServiceCollection AddContinualStores(this IServiceCollection services, IConfiguration configuration)
    {
        var store = Bind<StoreOptions>(configuration, StoreOptions.Section);
        store.Validate();
        if (store.Kind == "sqlite")
        {
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(store.ConnectionString).DataSource;
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            return services.AddSqliteStores(store.ConnectionString);
        }
        return services.AddPostgreSqlStores(store.ConnectionString);
    }

    /// <summary>The runtime silo (membership, directory, transport) named, labelled and secured from Silo:* and Cluster:*.</summary>
    public static IServiceCollection AddContinualSilo(this IServiceCollection services, IConfiguration configuration)
    {
        var silo = Bind<SiloOptions>(configuration, SiloOptions.Section);
        var cluster = Bind<ClusterOptions>(configuration, ClusterOptions.Section);
        var store = Bind<StoreOptions>(configuration, StoreOptions.Section);
        silo.Validate();
        cluster.Validate();
        if (silo.TorchThreads > 0)
        {
            // Serving and training threads apply IntraOpThreads.Count to themselves (libgomp counts per thread); OpenBLAS's is process-wide.
            ContinualCluster.Learning.Unlearning.S3T.IntraOpThreads.Count = silo.TorchThreads;
            ContinualCluster.Torch.torch.set_num_threads(silo.TorchThreads);
        }
        if (silo.ServingSlots > 0) ContinualCluster.Grains.Engine.ServingSlots.Count = silo.ServingSlots;
        return services.AddContinualClusterSilo(o =>
        {
            o.SiloId = silo.Name;
            o.SiloPort = silo.Port;
            o.ListenAddress = configuration["Silo:ListenAddress"] ?? "127.0.0.1";
            o.AdvertisedHost = configuration["Silo:AdvertisedHost"] ?? o.ListenAddress;
            o.Labels = silo.ParsedLabels().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            o.StoreKind = store.Kind == "sqlite" ? StoreKind.Sqlite : StoreKind.PostgreSql;
            o.StoreConnectionString = store.ConnectionString;
            o.ClusterSecret = cluster.Secret;
        });
    }

    /// <summary>The product: stream engine options (section Stream), the grain-backed stream service, gauges and readiness.</summary>
    public static IServiceCollection AddContinualProduct(this IServiceCollection services, IConfiguration configuration)
    {
        var stream = Bind<StreamEngineOptions>(configuration, "Stream");
        stream.Validate();
        services.AddContinualGrains(stream);
        services.AddSingleton<IStreamService, GrainStreamService>();
        services.AddSingleton<IClusterGauges, SiloGauges>();
        services.AddSingleton<IReadiness, SiloReadiness>();
        return services;
    }

    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        var value = new T();
        try { configuration.GetSection(section).Bind(value); }
        catch (InvalidOperationException e) { throw new ArgumentException($"configuration section {section}: {e.Message}", e); }
        return value;
    }
}
