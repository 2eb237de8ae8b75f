namespace ContinualCluster.Runtime.Storage;

/// <summary>A grain's persisted state as the store holds it: opaque bytes and the ETag of that version.</summary>
public sealed record StoredState(byte[] Data, string ETag);
