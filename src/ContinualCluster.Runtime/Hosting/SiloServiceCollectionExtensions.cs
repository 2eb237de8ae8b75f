using ContinualCluster.Runtime.InMemory;
using ContinualCluster.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime.Hosting;

/// <summary>Registers a silo in a service collection: options (validated), stores, the silo and its grain factory.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo configured by <paramref name="configure"/>. With StoreKind.InMemory the in-memory stores are added;
    /// for SQLite or PostgreSQL register that storage package's stores too (before or after this call).
    /// </summary>
    public static IServiceCollection AddContinualClusterSilo(this IServiceCollection services, Action<SiloOptions> configure)
    {
        var options = new SiloOptions();
        configure(options);
        options.Validate();
        services.AddSingleton(options);
        if (options.StoreKind == StoreKind.InMemory)
        {
            var stores = new InMemoryStores();
            services.TryAddSingleton(stores);
            services.TryAddSingleton<IGrainStateStore>(stores.State);
            services.TryAddSingleton<IGrainDirectoryStore>(stores.Directory);
            services.TryAddSingleton<IMembershipStore>(stores.Membership);
            services.TryAddSingleton<IRequestLog>(stores.RequestLog);
        }
        services.AddSingleton(sp => new Silo(
            sp.GetRequiredService<SiloOptions>(), sp,
            Require<IGrainStateStore>(sp, options), Require<IGrainDirectoryStore>(sp, options), Require<IMembershipStore>(sp, options),
            sp.GetService<ILoggerFactory>()));
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<Silo>().GrainFactory);
        services.AddSingleton<IHostedService>(sp => new SiloHostedService(sp.GetRequiredService<Silo>()));
        return services;
    }

    private static T Require<T>(IServiceProvider sp, SiloOptions options) where T : class =>
        sp.GetService<T>() ?? throw new InvalidOperationException(
            $"Store kind {options.StoreKind} needs an {typeof(T).Name} registration: add the ContinualCluster.Storage.{options.StoreKind} stores.");
}
