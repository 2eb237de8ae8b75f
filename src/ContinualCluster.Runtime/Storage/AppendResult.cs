namespace ContinualCluster.Runtime.Storage;

/// <summary>The outcome of appending to a request log: the row that holds for the id, and whether this call added it.</summary>
public sealed record AppendResult(LoggedRequest Request, bool Added);
