using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Runtime;

namespace ContinualCluster.Grains;

/// <summary>
/// Owns one stream: a thin grain over <see cref="StreamEngine"/> (which delegates the maths to Learning). Request ids,
/// the deletion ledger and unlearning requests live in the store's request log and each batch's raw samples in the
/// sample archive (grain state), so an activation on any silo replays the stream and keeps every acknowledged batch.
/// </summary>
[ResourceAwarePlacement("gpu=true")]
public sealed class StreamGrain : Grain, IStreamGrain
{
    private readonly StreamEngineFactory _factory;
    private StreamEngine? _engine;

    public StreamGrain(StreamEngineFactory factory) => _factory = factory;

    private StreamEngine Engine => _engine ?? throw new InvalidOperationException("the stream grain is not active");

    /// <summary>Rebuilds the stream from the store (ledger, logged batches from the sample archive, unlearning requests).</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var engine = _factory.Create(GetPrimaryKeyString(), SiloId);
        try
        {
            await engine.RecoverAsync(cancellationToken);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
        _engine = engine;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _engine?.Dispose();
        _engine = null;
        return Task.CompletedTask;
    }

    public override long EstimatedMemoryBytes => 64L * 1024 * 1024;

    // The activation's executor only dispatches: every call runs on the thread pool (the engine orders mutations with
    // its own turn and serves predictions from immutable snapshots), so a prediction's reply never waits behind a
    // training step, an archive write or another prediction's compute on this activation.
    public Task<IngestResponse> IngestAsync(string requestId, string[] ids, string[] owners, int[] labels, float[] pixels) => Task.Run(() =>
    {
        int size = ApiLimits.ImageSize;
        var samples = new SampleDto[ids.Length];
        for (int i = 0; i < ids.Length; i++)
            samples[i] = new SampleDto(ids[i], owners[i], labels[i], pixels.AsSpan(i * size, size).ToArray());
        return Engine.IngestAsync(new IngestRequest(requestId, samples), CancellationToken.None);
    });

    public Task<DeletionReceipt> DeleteAsync(DeletionRequest request) => Task.Run(() => Engine.DeleteAsync(request, CancellationToken.None));
    public Task<UnlearningReceipt> UnlearnAsync(UnlearningRequest request) => Task.Run(() => Engine.UnlearnAsync(request, CancellationToken.None));
    public Task<DeletionReceipt> GetDeletionAsync(string requestId) => Task.Run(() => Engine.GetDeletion(requestId));
    public Task<PredictResponse> PredictAsync(float[] pixels, int count) => Task.Run(() => Engine.PredictAsync(pixels, count, CancellationToken.None));
    public Task<PredictResponse> PredictEightBitAsync(byte[] intensities, int count) =>
        Task.Run(() => Engine.PredictAsync(EightBitPixels.Unpack(intensities), count, CancellationToken.None));
    public Task<StreamStatus> GetStatusAsync() => Task.Run(() => Engine.StatusAsync(CancellationToken.None));
    public Task FlushAsync() => Task.Run(() => Engine.FlushAsync(CancellationToken.None));
}
