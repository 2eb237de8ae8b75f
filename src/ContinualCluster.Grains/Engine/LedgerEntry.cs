using ContinualCluster.Abstractions.Api;

namespace ContinualCluster.Grains.Engine;

/// <summary>One deletion request as the ledger tracks it, from acceptance to exclusion to retraining.</summary>
public sealed class LedgerEntry
{
    public required string RequestId { get; init; }
    public required string Fingerprint { get; init; }
    public required string[] SampleIds { get; init; }
    public string? Owner { get; init; }
    public DateTimeOffset AcceptedAt { get; init; }
    public DateTimeOffset? ExcludedAt { get; set; }
    public DateTimeOffset? RetrainedAt { get; set; }
    public List<ServedModel> ServedModels { get; set; } = new();
    public LineageCheck? Lineage { get; set; }
    public bool RawDataRemoved { get; set; }
    public HashSet<int> PendingExperts { get; } = new();
    public bool PendingSelector { get; set; }

    /// <summary>Request ids of the archived batches that still hold the deleted samples' pixels (redacted after acknowledgement).</summary>
    public List<string> RedactBatches { get; set; } = new();

    public DeletionState State => RetrainedAt is not null ? DeletionState.Retrained
        : ExcludedAt is not null ? DeletionState.Excluded : DeletionState.Accepted;

    public DeletionReceipt Receipt(bool duplicate) => new(RequestId, State, SampleIds.Length, Owner, AcceptedAt, ExcludedAt, RetrainedAt,
        ServedModels, Lineage, RawDataRemoved, duplicate);
}
