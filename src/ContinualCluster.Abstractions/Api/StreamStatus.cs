namespace ContinualCluster.Abstractions.Api;

/// <summary>A stream's state as the status route reports it.</summary>
public sealed record StreamStatus(
    string StreamId,
    long Batches,
    long Samples,
    int Experts,
    int ActiveExpert,
    IReadOnlyList<long> Switches,
    int DeletionsPending,
    int DeletionsCompleted,
    int RetrainingJobs,
    int UnlearningRequests,
    long ModelVersion,
    IReadOnlyList<ServedModel> ServedModels);
