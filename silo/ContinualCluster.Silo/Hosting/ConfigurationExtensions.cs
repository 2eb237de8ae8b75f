using Microsoft.Extensions.Configuration;

namespace ContinualCluster.Silo.Hosting;

/// <summary>Layers the silo's configuration: appsettings.json, then CCL_-prefixed environment variables, then the command line.</summary>
public static class ConfigurationExtensions
{
    public const string EnvironmentPrefix = "CCL_";

    public static IConfigurationBuilder AddContinualConfiguration(this IConfigurationBuilder builder, string[] args) =>
        builder.AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
               .AddEnvironmentVariables(EnvironmentPrefix)
               .AddCommandLine(args);
}
