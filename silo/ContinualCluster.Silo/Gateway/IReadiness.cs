namespace ContinualCluster.Silo.Gateway;

/// <summary>Tells /readyz whether this silo can serve: joined the cluster, store reachable, models loaded.</summary>
public interface IReadiness
{
    /// <summary>Null when ready, else the reason it is not.</summary>
    Task<string?> NotReadyReasonAsync(CancellationToken cancellationToken);
}
