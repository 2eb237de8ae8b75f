using ContinualCluster.Grains.Engine;
using ContinualCluster.Runtime.Invocation;
using Microsoft.Extensions.DependencyInjection;

namespace ContinualCluster.Grains;

/// <summary>Registers what the product's grains need from a silo's services: stream options and the engine factory.</summary>
public static class GrainsServiceCollectionExtensions
{
    public static IServiceCollection AddContinualGrains(this IServiceCollection services, StreamEngineOptions options)
    {
        options.Validate();
        GrainClassRegistry.EnsureLoaded(typeof(StreamGrain).Assembly);
        services.AddSingleton(options);
        services.AddSingleton<StreamEngineFactory>();
        return services;
    }
}
