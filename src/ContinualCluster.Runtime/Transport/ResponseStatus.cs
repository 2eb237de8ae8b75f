namespace ContinualCluster.Runtime.Transport;

/// <summary>How a remote call ended.</summary>
internal enum ResponseStatus : byte
{
    Ok = 0,
    Error = 1,
    NotHere = 2,
    Unavailable = 3,
}
