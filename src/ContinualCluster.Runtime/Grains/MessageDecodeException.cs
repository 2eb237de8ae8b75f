namespace ContinualCluster.Runtime;

/// <summary>A message's bytes could not be decoded into the arguments or result they claim to hold.</summary>
public sealed class MessageDecodeException : Exception
{
    public MessageDecodeException(string message, Exception? inner = null) : base(message, inner) { }
}
