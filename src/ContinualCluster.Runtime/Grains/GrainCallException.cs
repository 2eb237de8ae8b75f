namespace ContinualCluster.Runtime;

/// <summary>A grain call failed on another silo with an exception type the caller does not map; carries that type and message.</summary>
public sealed class GrainCallException : Exception
{
    public GrainCallException(string remoteType, string message) : base($"{remoteType}: {message}")
    {
        RemoteType = remoteType;
        RemoteMessage = message;
    }

    /// <summary>The full name of the exception type thrown on the remote silo.</summary>
    public string RemoteType { get; }

    /// <summary>The remote exception's message.</summary>
    public string RemoteMessage { get; }
}
