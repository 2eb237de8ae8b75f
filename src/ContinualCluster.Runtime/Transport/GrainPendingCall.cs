using ContinualCluster.Runtime.Invocation;

namespace ContinualCluster.Runtime.Transport;

/// <summary>
/// A typed remote grain call: its answer is decoded in place on the connection's reader (no intermediate frame copy,
/// no async state machine), and the caller's continuation runs on the thread pool. "Not here", "unavailable before it
/// ran" and a connection that never opened hand the call to the runtime's re-routing path.
/// </summary>
internal sealed class GrainPendingCall<T> : TaskCompletionSource<T>, IPendingCall
{
    private readonly SiloRuntime _runtime;
    private readonly GrainReference _target;
    private readonly GrainRequest _request;
    private readonly string _siloId;
    private readonly CancellationToken _cancellation;

    public GrainPendingCall(SiloRuntime runtime, GrainReference target, GrainRequest request, string siloId, long deadline, CancellationToken cancellation)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _runtime = runtime;
        _target = target;
        _request = request;
        _siloId = siloId;
        Deadline = deadline;
        _cancellation = cancellation;
    }

    public long Deadline { get; }

    public CancellationTokenRegistration Registration { get; set; }

    public void OnResponse(FrameKind kind, ReadOnlySpan<byte> body)
    {
        try
        {
            if (kind != FrameKind.Response || body.Length < 1) throw new MessageDecodeException($"Unexpected {kind} frame of {body.Length} bytes for a grain call.");
            var payload = body[1..];
            switch ((ResponseStatus)body[0])
            {
                case ResponseStatus.Ok:
                    TrySetResult(SiloRuntime.DecodeResult<T>(payload));
                    break;
                case ResponseStatus.NotHere:
                    _runtime.ReadNotHere(_target.GrainId, payload);
                    Reroute();
                    break;
                case ResponseStatus.Unavailable:
                    var unavailable = SiloRuntime.ReadUnavailable(payload, _siloId);
                    if (unavailable.MayHaveRun) TrySetException(unavailable);
                    else Reroute();
                    break;
                default:
                    TrySetException(SiloRuntime.ReadError(payload, _siloId));
                    break;
            }
        }
        catch (Exception e) { TrySetException(e); }
    }

    public void OnFailure(Exception error)
    {
        if (error is SiloUnavailableException { MayHaveRun: false }) Reroute();
        else TrySetException(error);
    }

    public void OnCanceled(CancellationToken token) => TrySetCanceled(token);

    /// <summary>Forgets the cached owner and runs the call again through resolution (off the reader thread).</summary>
    private void Reroute()
    {
        _target.CachedTarget = null;
        _runtime.ForgetOwner(_target.GrainId, _siloId);
        ThreadPool.UnsafeQueueUserWorkItem(static c => c.RerouteNow(), this, preferLocal: false);
    }

    private void RerouteNow()
    {
        Task<T> retry;
        try { retry = _runtime.RerouteAsync<T>(_target, _request, _cancellation); }
        catch (Exception e) { TrySetException(e); return; }
        retry.ContinueWith(static (t, s) => ((GrainPendingCall<T>)s!).TrySetFromTask(t), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
