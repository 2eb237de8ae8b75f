using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContinualCluster.Silo.Gateway;

/// <summary>Registers the gateway's options, key ring and metrics, and binds Kestrel to the gateway port.</summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddContinualGateway(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        options.Validate();
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(new ApiKeyRing(options));
        services.AddSingleton<GatewayMetrics>();
        return services;
    }

    /// <summary>Listens on Gateway:Host:Gateway:Port with the gateway's body limit.</summary>
    public static IWebHostBuilder UseGatewayKestrel(this IWebHostBuilder web, IConfiguration configuration)
    {
        var options = configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        return web.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            if (options.Host is "0.0.0.0" or "*") k.ListenAnyIP(options.Port);
            else k.Listen(System.Net.IPAddress.Parse(options.Host), options.Port);
        });
    }
}
