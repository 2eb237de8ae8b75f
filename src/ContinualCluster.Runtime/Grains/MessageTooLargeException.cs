namespace ContinualCluster.Runtime;

/// <summary>A grain call's encoded message exceeded the configured maximum message size.</summary>
public sealed class MessageTooLargeException : Exception
{
    public MessageTooLargeException(string message) : base(message) { }
}
