using ContinualCluster.Runtime.Invocation;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.Activations;

/// <summary>
/// One live grain instance and its turn scheduler: messages run one at a time (read-only calls together, reentrant
/// grains and always-interleave calls at await points), continuations are posted back to it as its
/// SynchronizationContext, so grain code never runs on two threads at once.
/// </summary>
internal sealed partial class Activation : SynchronizationContext, IThreadPoolWorkItem
{
    private readonly object _lock = new();
    private readonly Queue<GrainRequest> _waiting = new();
    private readonly Queue<KeyValuePair<SendOrPostCallback, object?>> _posted = new();
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Activation> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _runningWriters;
    private bool _executing;
    private ActivationState _state = ActivationState.Creating;
    private DeactivationReason? _pendingDeactivation;
    private bool _deactivationStarted;

    public Activation(GrainId id, GrainClassInfo info, SiloRuntime runtime)
    {
        Id = id;
        Info = info;
        Runtime = runtime;
        LastUsedTicks = Environment.TickCount64;
    }

    public GrainId Id { get; }

    public GrainClassInfo Info { get; }

    public SiloRuntime Runtime { get; }

    public Grain? Grain { get; private set; }

    public long LastUsedTicks;

    public ActivationState State => _state;

    /// <summary>Completes with this activation once it serves, or faults when activation failed.</summary>
    public Task<Activation> Ready => _ready.Task;

    /// <summary>Completes when the activation is gone (deactivated, failed or dropped).</summary>
    public Task Deactivated => _deactivated.Task;

    public bool IsIdle
    {
        get { lock (_lock) return _running == 0 && _waiting.Count == 0 && _posted.Count == 0; }
    }

    private bool CanStart(RequestFlags flags)
    {
        if (_state is not (ActivationState.Valid or ActivationState.Deactivating)) return false;
        if (_running == 0 || Info.Reentrant || (flags & RequestFlags.AlwaysInterleave) != 0) return true;
        return (flags & RequestFlags.ReadOnly) != 0 && _runningWriters == 0;
    }

    private void StartTurn(RequestFlags flags)
    {
        _running++;
        if ((flags & (RequestFlags.ReadOnly | RequestFlags.AlwaysInterleave)) == 0) _runningWriters++;
    }

    private void EndTurn(RequestFlags flags)
    {
        _running--;
        if ((flags & (RequestFlags.ReadOnly | RequestFlags.AlwaysInterleave)) == 0) _runningWriters--;
    }

    /// <summary>
    /// Offers a call. Returns false when the activation no longer accepts calls (await <see cref="Deactivated"/> and
    /// resolve again). Otherwise it either ran the call inline (<paramref name="inlineTask"/> is the grain's task) or
    /// queued it with a sink from <paramref name="sinkFactory"/> (returned in <paramref name="sink"/>).
    /// </summary>
    public bool TryInvoke(GrainRequest request, bool allowInline, Func<IResponseSink>? sinkFactory, out Task? inlineTask, out IResponseSink? sink)
    {
        inlineTask = null;
        sink = null;
        bool inline = false, schedule = false;
        lock (_lock)
        {
            if (_state != ActivationState.Valid) return false;
            LastUsedTicks = Environment.TickCount64;
            if (allowInline && !_executing && _waiting.Count == 0 && _posted.Count == 0 && CanStart(request.Flags))
            {
                StartTurn(request.Flags);
                _executing = true;
                inline = true;
            }
            else
            {
                request.Sink ??= sinkFactory!();
                sink = request.Sink;
                _waiting.Enqueue(request);
                if (!_executing && CanStart(_waiting.Peek().Flags)) { _executing = true; schedule = true; }
            }
        }
        if (schedule) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        if (!inline) return true;
        var previous = Current;
        SetSynchronizationContext(this);
        Task task;
        try { task = InvokeGrain(request); }
        finally { SetSynchronizationContext(previous); }
        if (task.IsCompleted) EndInlineTurn(request.Flags);
        else
        {
            WatchTurn(request, task, respond: false);
            ReleaseExecutor();
        }
        inlineTask = task;
        return true;
    }

    /// <summary>Ends a turn that completed inline and gives up the executor, under one lock acquisition.</summary>
    private void EndInlineTurn(RequestFlags flags)
    {
        bool schedule;
        lock (_lock)
        {
            EndTurn(flags);
            schedule = _posted.Count > 0 || (_waiting.Count > 0 && CanStart(_waiting.Peek().Flags))
                       || (_pendingDeactivation is not null && !_deactivationStarted && _running == 0);
            if (!schedule) _executing = false;
        }
        if (schedule) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Queues an internal turn (a timer tick) that does not count as use.</summary>
    public void EnqueueInternal(GrainRequest request)
    {
        bool schedule = false;
        lock (_lock)
        {
            if (_state != ActivationState.Valid) return;
            _waiting.Enqueue(request);
            if (!_executing && CanStart(_waiting.Peek().Flags)) { _executing = true; schedule = true; }
        }
        if (schedule) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        bool schedule = false;
        lock (_lock)
        {
            _posted.Enqueue(new(d, state));
            if (!_executing) { _executing = true; schedule = true; }
        }
        if (schedule) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send to a grain activation would deadlock; use Post.");

    public override SynchronizationContext CreateCopy() => this;
}
