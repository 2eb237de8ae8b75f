using System.Collections.Concurrent;
using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// <see cref="IStreamService"/> over in-process stream engines, one per stream id, created on first use. This is the
/// service the gateway and the demo call in a single process; it also supplies the metrics gauges.
/// </summary>
public sealed class StreamService : IStreamService, IClusterGauges, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<StreamEngine>> _streams = new(StringComparer.Ordinal);
    private readonly Func<string, StreamEngine> _create;
    private readonly string _silo;

    public StreamService(StreamEngineOptions options, ILearningFactory factory, IRequestLog log, string siloName, TimeProvider? time = null)
    {
        options.Validate();
        _silo = siloName;
        _create = id => new StreamEngine(id, options, factory, log, time);
    }

    public StreamEngine Stream(string id) => _streams.GetOrAdd(id, k => new Lazy<StreamEngine>(() => _create(k))).Value;

    public Task<IngestResponse> IngestAsync(string streamId, IngestRequest request, CancellationToken ct = default) => Stream(streamId).IngestAsync(request, ct);
    public Task<DeletionReceipt> DeleteAsync(string streamId, DeletionRequest request, CancellationToken ct = default) => Stream(streamId).DeleteAsync(request, ct);
    public Task<DeletionReceipt> GetDeletionAsync(string streamId, string requestId, CancellationToken ct = default) => Task.FromResult(Stream(streamId).GetDeletion(requestId));
    public Task<UnlearningReceipt> UnlearnAsync(string streamId, UnlearningRequest request, CancellationToken ct = default) => Stream(streamId).UnlearnAsync(request, ct);
    public Task<PredictResponse> PredictAsync(string streamId, PredictRequest request, CancellationToken ct = default) => Task.FromResult(Stream(streamId).Predict(request));
    public Task<StreamStatus> GetStatusAsync(string streamId, CancellationToken ct = default) => Stream(streamId).StatusAsync(ct);

    public int DeletionsPending => _streams.Values.Where(l => l.IsValueCreated).Sum(l => l.Value.Ledger.Pending);
    public int RetrainingJobs => _streams.Values.Where(l => l.IsValueCreated).Sum(l => l.Value.RetrainingJobs);
    public IReadOnlyDictionary<string, int> ActivationsPerSilo => new Dictionary<string, int> { [_silo] = _streams.Count };

    public void Dispose()
    {
        foreach (var s in _streams.Values.Where(l => l.IsValueCreated)) s.Value.Dispose();
    }
}
