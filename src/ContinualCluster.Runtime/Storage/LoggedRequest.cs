namespace ContinualCluster.Runtime.Storage;

/// <summary>One durable request (a deletion, an unlearning request, an ingested batch) as appended to its log.</summary>
public sealed record LoggedRequest(string Log, string RequestId, long Sequence, string Kind, byte[] Payload, DateTimeOffset AppendedAt);
