using Microsoft.Extensions.Hosting;

namespace ContinualCluster.Runtime.Hosting;

/// <summary>Runs a <see cref="Silo"/> inside a generic host: starts with it and leaves the cluster gracefully on shutdown.</summary>
internal sealed class SiloHostedService : IHostedService
{
    private readonly Silo _silo;

    public SiloHostedService(Silo silo) => _silo = silo;

    public Task StartAsync(CancellationToken cancellationToken) => _silo.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _silo.StopAsync(cancellationToken);
}
