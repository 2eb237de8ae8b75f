using ContinualCluster.Abstractions.Api;

namespace ContinualCluster.Abstractions;

/// <summary>
/// What the gateway and the command line call: one continual-learning stream's operations. Implementations validate
/// nothing twice (the gateway validates) but apply each request id at most once.
/// </summary>
public interface IStreamService
{
    Task<IngestResponse> IngestAsync(string streamId, IngestRequest request, CancellationToken cancellationToken = default);
    Task<DeletionReceipt> DeleteAsync(string streamId, DeletionRequest request, CancellationToken cancellationToken = default);
    Task<DeletionReceipt> GetDeletionAsync(string streamId, string requestId, CancellationToken cancellationToken = default);
    Task<UnlearningReceipt> UnlearnAsync(string streamId, UnlearningRequest request, CancellationToken cancellationToken = default);
    Task<PredictResponse> PredictAsync(string streamId, PredictRequest request, CancellationToken cancellationToken = default);
    Task<StreamStatus> GetStatusAsync(string streamId, CancellationToken cancellationToken = default);
}
