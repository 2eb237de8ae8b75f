namespace ContinualCluster.Abstractions.Api;

/// <summary>Asks to forget a concept: a whole class (ClassLabel) or the distribution of a given sample set.</summary>
public sealed record UnlearningRequest(string? RequestId, int? ClassLabel, SampleDto[]? Samples);
