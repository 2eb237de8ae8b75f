using ContinualCluster.Abstractions.Api;
using ContinualCluster.Runtime;

namespace ContinualCluster.Abstractions;

/// <summary>
/// The grain that owns one stream (key: stream id): ingestion with TAME switch detection, the selector, the experts'
/// serving models, deletions with receipts and concept unlearning. Ingest and unlearning are turns; deletions and reads interleave
/// (the engine's own turn orders deletions with batches).
/// </summary>
public interface IStreamGrain : IGrainWithStringKey
{
    /// <summary>Ingests one batch, flattened so pixels travel as one float array (ids, owners, labels, pixels row after row).</summary>
    Task<IngestResponse> IngestAsync(string requestId, string[] ids, string[] owners, int[] labels, float[] pixels);
    /// <summary>Interleaves: the engine orders it with batches by its own short turn, so it never queues behind a whole
    /// ingest or unlearning call on the activation.</summary>
    [AlwaysInterleave]
    Task<DeletionReceipt> DeleteAsync(DeletionRequest request);
    Task<UnlearningReceipt> UnlearnAsync(UnlearningRequest request);

    [AlwaysInterleave]
    Task<DeletionReceipt> GetDeletionAsync(string requestId);

    [AlwaysInterleave]
    Task<PredictResponse> PredictAsync(float[] pixels, int count);

    /// <summary>The same prediction for images given as <see cref="Api.EightBitPixels"/> (a quarter of the bytes between silos).</summary>
    [AlwaysInterleave]
    Task<PredictResponse> PredictEightBitAsync(byte[] intensities, int count);

    [AlwaysInterleave]
    Task<StreamStatus> GetStatusAsync();

    /// <summary>Trains every expert holding untrained samples and waits for all background training.</summary>
    [AlwaysInterleave]
    Task FlushAsync();
}
