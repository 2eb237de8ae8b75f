using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Client.Commands;

namespace ContinualCluster.Bench.Product;

/// <summary>One silo's gateway HTTP API seen as an <see cref="IStreamService"/>, so the product steps run unchanged over HTTP.</summary>
public sealed class GatewayStreamService(Uri gateway, string key) : IStreamService, IDisposable
{
    private readonly GatewayClient _client = new(gateway.ToString(), key);

    public Task<IngestResponse> IngestAsync(string streamId, IngestRequest request, CancellationToken ct = default) => _client.IngestAsync(streamId, request, ct);
    public Task<DeletionReceipt> DeleteAsync(string streamId, DeletionRequest request, CancellationToken ct = default) => _client.DeleteAsync(streamId, request, ct);
    public Task<DeletionReceipt> GetDeletionAsync(string streamId, string requestId, CancellationToken ct = default) => _client.DeletionAsync(streamId, requestId, ct);
    public Task<UnlearningReceipt> UnlearnAsync(string streamId, UnlearningRequest request, CancellationToken ct = default) => _client.UnlearnAsync(streamId, request, ct);
    public Task<PredictResponse> PredictAsync(string streamId, PredictRequest request, CancellationToken ct = default) => _client.PredictAsync(streamId, request, ct);
    public Task<StreamStatus> GetStatusAsync(string streamId, CancellationToken ct = default) => _client.StatusAsync(streamId, ct);

    public void Dispose() => _client.Dispose();
}
