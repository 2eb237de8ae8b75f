using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Client.Commands;

namespace ContinualCluster.Bench.Product;

/// <summary>One silo's gateway HTTP API seen as an <see cref="IStreamService"/>, so the product steps run unchanged over HTTP.</summary>
public sealed class GatewayStreamService(Uri gateway, string key) : IStreamService, IDisposable
{
    private readonly GatewayClient _client = new(gateway.ToString(), key);

    public Task<IngestResponse> IngestAsync(string streamId, IngestRequest request, CancellationToken ct = default) => _client.IngestAsync(streamId, request, ct);
    // Deletions carry request ids and reads are idempotent, so these are retried as docs/OPERATIONS.md tells clients to do when a
    // silo-to-silo connection drops (503 unavailable); predictions are not retried: a failed one counts in the figures.
    public Task<DeletionReceipt> DeleteAsync(string streamId, DeletionRequest request, CancellationToken ct = default) => Retry(() => _client.DeleteAsync(streamId, request, ct), ct);
    public Task<DeletionReceipt> GetDeletionAsync(string streamId, string requestId, CancellationToken ct = default) => Retry(() => _client.DeletionAsync(streamId, requestId, ct), ct);
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
    public Task<StreamStatus> GetStatusAsync(string streamId, CancellationToken ct = default) => Retry(() => _client.StatusAsync(streamId, ct), ct);

    private static async Task<T> Retry<T>(Func<Task<T>> call, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            try { return await call(); }
            catch (ApiException e) when (e is { Status: 503, Error: "unavailable" } && attempt < 3) { await Task.Delay(100 * attempt, ct); }
        }
    }

    public void Dispose() => _client.Dispose();
}
