namespace ContinualCluster.Runtime.Transport;

/// <summary>A decoded response: its status and the bytes after it.</summary>
internal sealed record ResponseFrame(ResponseStatus Status, byte[] Payload);
