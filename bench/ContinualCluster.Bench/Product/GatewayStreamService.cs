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
    public async Task<PredictResponse> PredictAsync(string streamId, PredictRequest request, CancellationToken ct = default)
    {
        try { return await _client.PredictAsync(streamId, request, ct); }
        catch (Exception e) when (e is not OperationCanceledException && !(e is ApiException { Status: 503, Error: "warming_up" }))
        {
            Interlocked.CompareExchange(ref _firstFailure, $"{gateway.Port}: {e.GetType().Name}: {e.Message}", null);
            throw;
        }
    }

    /// <summary>The first prediction that failed (other than warming up), for the report.</summary>
    public string? FirstFailure => _firstFailure;
    private string? _firstFailure;
    public Task<StreamStatus> GetStatusAsync(string streamId, CancellationToken ct = default) => _client.StatusAsync(streamId, ct);

    public void Dispose() => _client.Dispose();
}
