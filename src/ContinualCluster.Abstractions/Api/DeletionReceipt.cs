namespace ContinualCluster.Abstractions.Api;

/// <summary>The receipt of one deletion request: its state, timestamps, served model versions and lineage check.</summary>
public sealed record DeletionReceipt(
    string RequestId,
    DeletionState State,
    int SampleCount,
    string? Owner,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? ExcludedAt,
    DateTimeOffset? RetrainedAt,
    IReadOnlyList<ServedModel> ServedModels,
    LineageCheck? Lineage,
    bool RawDataRemoved,
    bool Duplicate);
