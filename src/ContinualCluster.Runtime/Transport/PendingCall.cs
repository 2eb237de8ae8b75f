namespace ContinualCluster.Runtime.Transport;

/// <summary>A remote call whose answer is handed over as raw bytes (protocol tests, load reports, the slow path).</summary>
internal sealed class PendingCall : TaskCompletionSource<ResponseFrame>, IPendingCall
{
    public PendingCall(long deadline) : base(TaskCreationOptions.RunContinuationsAsynchronously) => Deadline = deadline;

    public long Deadline { get; }

    public CancellationTokenRegistration Registration { get; set; }

    public void OnResponse(FrameKind kind, ReadOnlySpan<byte> body)
    {
        if (kind == FrameKind.StatsResponse) TrySetResult(new ResponseFrame(ResponseStatus.Ok, body.ToArray()));
        else if (body.Length < 1) TrySetException(new MessageDecodeException("Empty response frame."));
        else TrySetResult(new ResponseFrame((ResponseStatus)body[0], body[1..].ToArray()));
    }

    public void OnFailure(Exception error) => TrySetException(error);

    public void OnCanceled(CancellationToken token) => TrySetCanceled(token);
}
