using ContinualCluster.Runtime.Invocation;
using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime.Activations;

/// <summary>A grain timer: each tick is queued as a turn of its activation; a tick is skipped while the last one is pending.</summary>
internal sealed class GrainTimer : GrainRequest, IResponseSink, IDisposable
{
    private readonly Activation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly CancellationToken _lifetime;
    private Timer? _timer;
    private int _pending;

    public GrainTimer(Activation activation, Func<CancellationToken, Task> callback, CancellationToken lifetime)
    {
        _activation = activation;
        _callback = callback;
        _lifetime = lifetime;
        Sink = this;
    }

    public override int MethodId => -1;

    public override string MethodName => "timer";

    public override RequestFlags Flags => RequestFlags.None;

    public void Start(TimeSpan dueTime, TimeSpan period) =>
        _timer = new Timer(static s => ((GrainTimer)s!).Tick(), this, dueTime, period);

    private void Tick()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1) return;
        _activation.EnqueueInternal(this);
    }

    public override Task Invoke(object grain) => _lifetime.IsCancellationRequested ? Task.CompletedTask : _callback(_lifetime);

    public override void WriteArguments(ArgWriter writer) => throw new NotSupportedException("Timer ticks are never sent.");

    public override void WriteResult(Task completed, ArgWriter writer) => throw new NotSupportedException("Timer ticks are never sent.");

    public void Complete(GrainRequest request, Task finished)
    {
        if (finished.IsFaulted) _activation.Runtime.Logger.LogWarning(finished.Exception, "A timer of {Grain} failed", _activation.Id);
        Volatile.Write(ref _pending, 0);
    }

    public void Fail(GrainRequest request, Exception error) => Volatile.Write(ref _pending, 0);

    public void Dispose()
    {
        _timer?.Dispose();
        _activation.RemoveTimer(this);
    }
}
