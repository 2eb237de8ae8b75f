namespace ContinualCluster.Runtime.Storage;

/// <summary>Thrown when the backing store cannot be reached or fails; the operation had no effect the caller can rely on.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
