using ContinualCluster.Runtime.Audit;
using ContinualCluster.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>Registers the PostgreSQL implementations of every runtime store (state, membership, directory, request and audit logs).</summary>
public static class PostgreSqlServiceCollectionExtensions
{
    /// <summary>Uses one PostgreSQL database for all stores; the options are validated here, before anything starts.</summary>
    public static IServiceCollection AddPostgreSqlStores(this IServiceCollection services, string connectionString, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new PostgreSqlStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        options.Validate();
        var database = new PostgreSqlDatabase(options);
        services.AddSingleton(options);
        services.AddSingleton(database);
        services.AddSingleton<IGrainStateStore>(new PostgreSqlGrainStateStore(database));
        services.AddSingleton<IMembershipStore>(new PostgreSqlMembershipStore(database));
        services.AddSingleton<IGrainDirectoryStore>(new PostgreSqlGrainDirectoryStore(database));
        services.AddSingleton<IRequestLog>(new PostgreSqlRequestLog(database));
        services.AddSingleton<IAuditLog>(new PostgreSqlAuditLog(database));
        return services;
    }
}
