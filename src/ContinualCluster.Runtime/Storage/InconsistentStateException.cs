namespace ContinualCluster.Runtime.Storage;

/// <summary>Thrown when a conditional write finds another ETag than the writer expected: the writer's view is stale.</summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(string message, string? expectedETag, string? currentETag)
        : base(message)
    {
        ExpectedETag = expectedETag;
        CurrentETag = currentETag;
    }

    public string? ExpectedETag { get; }
    public string? CurrentETag { get; }
}
