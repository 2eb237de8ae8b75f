using ContinualCluster.Silo.Gateway;

namespace ContinualCluster.Silo.Hosting;

/// <summary>Ready when the runtime silo has joined the cluster and serves activations.</summary>
public sealed class SiloReadiness : IReadiness
{
    private readonly Runtime.Hosting.Silo _silo;

    public SiloReadiness(Runtime.Hosting.Silo silo) => _silo = silo;

    public Task<string?> NotReadyReasonAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_silo.IsServing ? null : $"silo {_silo.SiloId} has not joined the cluster (or stopped serving)");
}
