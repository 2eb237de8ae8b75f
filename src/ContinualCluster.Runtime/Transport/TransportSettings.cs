using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime.Transport;

/// <summary>What every outgoing connection of one silo shares: the HTTP client, the secret, limits and a failure callback.</summary>
internal sealed record TransportSettings(
    HttpClient Client,
    string LocalSiloId,
    string ClusterSecret,
    int MaxMessageBytes,
    TimeSpan ResponseTimeout,
    ILogger Logger,
    Action<SiloConnection> OnFailed);
