namespace ContinualCluster.Learning.Unlearning.Deletion;

/// <summary>A request to delete samples, named either by their ids or by their owner (exactly one of the two).</summary>
public sealed record DeletionRequest(string RequestId, IReadOnlyList<string>? SampleIds = null, string? OwnerId = null)
{
    /// <summary>Deletes the given sample ids.</summary>
    public static DeletionRequest ForSamples(string requestId, params string[] sampleIds) => new(requestId, sampleIds);

    /// <summary>Deletes every sample of one owner.</summary>
    public static DeletionRequest ForOwner(string requestId, string ownerId) => new(requestId, null, ownerId);

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when the request is malformed.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RequestId))
            throw new ArgumentException("a deletion request needs a non-empty RequestId", nameof(RequestId));
        bool hasIds = SampleIds is not null, hasOwner = OwnerId is not null;
        if (hasIds == hasOwner)
            throw new ArgumentException("a deletion request names either SampleIds or OwnerId, not both and not neither", nameof(SampleIds));
        if (hasIds)
        {
            if (SampleIds!.Count == 0) throw new ArgumentException("SampleIds is empty", nameof(SampleIds));
            for (int i = 0; i < SampleIds.Count; i++)
                if (string.IsNullOrWhiteSpace(SampleIds[i]))
                    throw new ArgumentException($"SampleIds[{i}] is null or blank", nameof(SampleIds));
        }
        else if (string.IsNullOrWhiteSpace(OwnerId))
            throw new ArgumentException("OwnerId is blank", nameof(OwnerId));
    }
}
