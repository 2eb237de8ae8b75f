namespace ContinualCluster.Runtime.Transport;

/// <summary>A remote call awaiting its response, with its deadline and cancellation registration.</summary>
internal sealed class PendingCall : TaskCompletionSource<ResponseFrame>
{
    public PendingCall(long deadline) : base(TaskCreationOptions.RunContinuationsAsynchronously) => Deadline = deadline;

    /// <summary>Environment.TickCount64 after which the call times out.</summary>
    public long Deadline { get; }

    public CancellationTokenRegistration Registration { get; set; }
}
