using ContinualCluster.Runtime.Audit;
using ContinualCluster.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>Registers the SQLite implementations of every runtime store (state, membership, directory, request and audit logs).</summary>
public static class SqliteServiceCollectionExtensions
{
    /// <summary>Uses one SQLite file for all stores; the options are validated here, before anything starts.</summary>
    public static IServiceCollection AddSqliteStores(this IServiceCollection services, string connectionString, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new SqliteStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        options.Validate();
        var database = new SqliteDatabase(options);
        services.AddSingleton(options);
        services.AddSingleton(database);
        services.AddSingleton<IGrainStateStore>(new SqliteGrainStateStore(database));
        services.AddSingleton<IMembershipStore>(new SqliteMembershipStore(database));
        services.AddSingleton<IGrainDirectoryStore>(new SqliteGrainDirectoryStore(database));
        services.AddSingleton<IRequestLog>(new SqliteRequestLog(database));
        services.AddSingleton<IAuditLog>(new SqliteAuditLog(database));
        return services;
    }
}
