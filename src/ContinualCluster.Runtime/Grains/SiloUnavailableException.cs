namespace ContinualCluster.Runtime;

/// <summary>
/// The silo that should run a call could not be reached, lost the connection, is fenced or is shutting down.
/// <see cref="MayHaveRun"/> says whether the call might have executed (at-most-once: retry with an idempotency key).
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException(string message, bool mayHaveRun, Exception? inner = null) : base(message, inner)
    {
        MayHaveRun = mayHaveRun;
    }

    public bool MayHaveRun { get; }
}
