namespace ContinualCluster.Abstractions.Api;

/// <summary>The receipt of a concept-unlearning request: its adapter index and the forget/retain figures measured.</summary>
public sealed record UnlearningReceipt(
    string RequestId,
    string State,
    int? ClassLabel,
    int SampleCount,
    int AdapterIndex,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? CompletedAt,
    bool Duplicate);
