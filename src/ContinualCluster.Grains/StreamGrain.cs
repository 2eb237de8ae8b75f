using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Runtime;

namespace ContinualCluster.Grains;

/// <summary>
/// Owns one stream: a thin grain over <see cref="StreamEngine"/> (which delegates the maths to Learning). The
/// deletion ledger and request ids live in the store's request log, so receipts survive a restart of the grain.
/// </summary>
[ResourceAwarePlacement("gpu=true")]
public sealed class StreamGrain : Grain, IStreamGrain
{
    private readonly StreamEngineFactory _factory;
    private StreamEngine? _engine;

    public StreamGrain(StreamEngineFactory factory) => _factory = factory;

    private StreamEngine Engine => _engine ?? throw new InvalidOperationException("the stream grain is not active");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _engine = _factory.Create(GetPrimaryKeyString(), SiloId);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _engine?.Dispose();
        _engine = null;
        return Task.CompletedTask;
    }

    public override long EstimatedMemoryBytes => 64L * 1024 * 1024;

    public Task<IngestResponse> IngestAsync(IngestRequest request) => Engine.IngestAsync(request, CancellationToken.None);
    public Task<DeletionReceipt> DeleteAsync(DeletionRequest request) => Engine.DeleteAsync(request, CancellationToken.None);
    public Task<UnlearningReceipt> UnlearnAsync(UnlearningRequest request) => Engine.UnlearnAsync(request, CancellationToken.None);
    public Task<DeletionReceipt> GetDeletionAsync(string requestId) => Task.FromResult(Engine.GetDeletion(requestId));
    public Task<PredictResponse> PredictAsync(PredictRequest request) => Task.FromResult(Engine.Predict(request));
    public Task<StreamStatus> GetStatusAsync() => Engine.StatusAsync(CancellationToken.None);
    public Task FlushAsync() => Engine.FlushAsync(CancellationToken.None);
}
