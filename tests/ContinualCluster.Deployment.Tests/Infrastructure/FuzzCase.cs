namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>One hostile request: method, path, body bytes, content type and bearer key (null: no header).</summary>
public sealed record FuzzCase(string Name, HttpMethod Method, string Path, byte[]? Body, string? ContentType, string? Authorization);
