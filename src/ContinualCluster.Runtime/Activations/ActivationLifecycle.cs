using ContinualCluster.Runtime.Invocation;
using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime.Activations;

/// <summary>The lifecycle half of <see cref="Activation"/>: activation, graceful deactivation, dropping and timers.</summary>
internal sealed partial class Activation
{
    private readonly CancellationTokenSource _lifetime = new();
    private List<GrainTimer>? _timers;

    /// <summary>Runs state loading and OnActivateAsync as the first turn; the activation serves once it completes.</summary>
    public Task RunActivationAsync(Grain grain)
    {
        Grain = grain;
        grain.Attach(this);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(static s =>
        {
            var (a, tcs) = ((Activation, TaskCompletionSource))s!;
            Task t;
            try { t = a.ActivateCore(); }
            catch (Exception e) { t = Task.FromException(e); }
            t.ContinueWith(static (t, o) => ((TaskCompletionSource)o!).SetFromTask(t), tcs, TaskContinuationOptions.ExecuteSynchronously);
        }, (this, done));
        return done.Task.ContinueWith(static (t, o) =>
        {
            var a = (Activation)o!;
            if (t.IsCompletedSuccessfully)
            {
                lock (a._lock) if (a._state == ActivationState.Creating) a._state = ActivationState.Valid;
                a._ready.TrySetResult(a);
                return;
            }
            a.Fail(t.Exception?.GetBaseException() ?? new OperationCanceledException("Activation was cancelled."));
            t.GetAwaiter().GetResult();
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ActivateCore()
    {
        await Grain!.LoadStateAsync(_lifetime.Token);
        await Grain.OnActivateAsync(_lifetime.Token);
    }

    /// <summary>Marks an activation that never served as failed.</summary>
    public void Fail(Exception error)
    {
        lock (_lock) _state = ActivationState.Invalid;
        _ready.TrySetException(error);
        _deactivated.TrySetResult();
    }

    /// <summary>Asks for graceful deactivation: queued calls finish, then OnDeactivateAsync runs, then the directory entry goes.</summary>
    public bool RequestDeactivation(DeactivationReason reason)
    {
        bool schedule = false;
        lock (_lock)
        {
            if (_state != ActivationState.Valid) return false;
            _state = ActivationState.Deactivating;
            _pendingDeactivation = reason;
            if (!_executing) { _executing = true; schedule = true; }
        }
        if (schedule) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        return true;
    }

    private void StartDeactivationTurn()
    {
        var reason = _pendingDeactivation!.Value;
        StopTimers();
        Task t;
        try { t = Grain!.OnDeactivateAsync(reason, _lifetime.Token); }
        catch (Exception e) { t = Task.FromException(e); }
        t.ContinueWith(static (t, s) =>
        {
            var a = (Activation)s!;
            lock (a._lock) a.EndTurn(RequestFlags.None);
            if (t.IsFaulted) a.Runtime.Logger.LogWarning(t.Exception, "OnDeactivateAsync of {Grain} failed", a.Id);
            _ = a.FinishDeactivationAsync();
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task FinishDeactivationAsync()
    {
        try { await Runtime.OnDeactivatedAsync(this); }
        catch (Exception e) { Runtime.Logger.LogWarning(e, "Unregistering {Grain} failed; the silo will reuse its entry", Id); }
        finally
        {
            lock (_lock) _state = ActivationState.Invalid;
            _lifetime.Cancel();
            _deactivated.TrySetResult();
        }
    }

    /// <summary>Drops the activation without running grain code (the silo crashed, was fenced for good, or is killed).</summary>
    public void Drop(Exception reason)
    {
        List<GrainRequest> orphans;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            orphans = new List<GrainRequest>(_waiting);
            _waiting.Clear();
        }
        StopTimers();
        _lifetime.Cancel();
        foreach (var m in orphans) m.Sink?.Fail(m, reason);
        _ready.TrySetException(reason);
        _deactivated.TrySetResult();
    }

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback, _lifetime.Token);
        lock (_lock) (_timers ??= new()).Add(timer);
        timer.Start(dueTime, period);
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock) _timers?.Remove(timer);
    }

    private void StopTimers()
    {
        GrainTimer[] timers;
        lock (_lock) { timers = _timers?.ToArray() ?? []; _timers = null; }
        foreach (var t in timers) t.Dispose();
    }
}
