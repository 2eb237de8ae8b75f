namespace ContinualCluster.Abstractions.Api;

/// <summary>Asks to forget a concept given by its samples (used for this request only); ClassLabel names it when it is a class.</summary>
public sealed record UnlearningRequest(string? RequestId, int? ClassLabel, SampleDto[]? Samples);
