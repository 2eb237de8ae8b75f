namespace ContinualCluster.Abstractions.Api;

/// <summary>The body of every 4xx/5xx answer: an error code, the offending field (JSON path) and a readable message.</summary>
public sealed record ApiError(string Error, string? Field, string Message);
