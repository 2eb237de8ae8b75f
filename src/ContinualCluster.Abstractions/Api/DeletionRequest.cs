namespace ContinualCluster.Abstractions.Api;

/// <summary>Asks to delete samples exactly: either listed sample ids or every sample of one owner (not both).</summary>
public sealed record DeletionRequest(string? RequestId, string[]? SampleIds, string? Owner);
