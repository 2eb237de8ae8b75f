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
        var factory = LearningFactory.Create(options, m => Console.WriteLine("[learning] " + m));
        services.AddSingleton(factory);
        services.AddSingleton<ILearningFactory>(factory);
        return services;
    }
}
