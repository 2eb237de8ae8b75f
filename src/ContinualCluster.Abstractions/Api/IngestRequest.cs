namespace ContinualCluster.Abstractions.Api;

/// <summary>A batch of labelled samples for one stream; the request id makes a retried batch apply once.</summary>
public sealed record IngestRequest(string? RequestId, SampleDto[]? Samples);
