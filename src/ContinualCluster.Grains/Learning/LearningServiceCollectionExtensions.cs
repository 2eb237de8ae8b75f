using ContinualCluster.Grains.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContinualCluster.Grains.Learning;

/// <summary>Registers the Learning factory a silo's grains use, configured from the "Learning" section.</summary>
public static class LearningServiceCollectionExtensions
{
    public static IServiceCollection AddContinualLearning(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new LearningOptions();
        configuration.GetSection(LearningOptions.Section).Bind(options);
        options.Validate();
        // Training and inference block threads for long stretches; keep enough pool threads for heartbeats and requests.
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
        var factory = LearningFactory.Create(options, m => Console.WriteLine("[learning] " + m));
        services.AddSingleton(factory);
        services.AddSingleton<ILearningFactory>(factory);
        return services;
    }
}
