using ContinualCluster.Runtime.Invocation;
using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime.Activations;

/// <summary>The executor half of <see cref="Activation"/>: runs posted continuations and startable messages in order.</summary>
internal sealed partial class Activation
{
    private const int BatchSize = 64;

    public void Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            for (int n = 0; n < BatchSize; n++)
            {
                KeyValuePair<SendOrPostCallback, object?> posted = default;
                GrainRequest? message = null;
                bool deactivate = false;
                lock (_lock)
                {
                    if (_posted.Count > 0) posted = _posted.Dequeue();
                    else if (_waiting.Count > 0 && CanStart(_waiting.Peek().Flags))
                    {
                        message = _waiting.Dequeue();
                        StartTurn(message.Flags);
                    }
                    else if (_pendingDeactivation is not null && !_deactivationStarted && _running == 0 && _waiting.Count == 0)
                    {
                        deactivate = true;
                        _deactivationStarted = true;
                        _running++;
                        _runningWriters++;
                    }
                    else
                    {
                        _executing = false;
                        return;
                    }
                }
                if (message is not null) RunMessage(message);
                else if (deactivate) StartDeactivationTurn();
                else RunPosted(posted);
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private void RunPosted(KeyValuePair<SendOrPostCallback, object?> posted)
    {
        try { posted.Key(posted.Value); }
        catch (Exception e) { Runtime.Logger.LogError(e, "Unhandled exception in a continuation of {Grain}", Id); }
    }

    private void RunMessage(GrainRequest message)
    {
        var task = InvokeGrain(message);
        if (task.IsCompleted) FinishTurn(message, task);
        else WatchTurn(message, task, respond: true);
    }

    /// <summary>
    /// Calls the grain method. A method that throws before returning its task (or returns null) yields a faulted
    /// plain Task carrying the grain's exception; callers rebuild the typed task from it.
    /// </summary>
    private Task InvokeGrain(GrainRequest request)
    {
        try
        {
            return request.Invoke(Grain!) ?? Task.FromException(new InvalidOperationException(
                $"{Info.GrainClass.Name}.{request.MethodName} returned null instead of a Task."));
        }
        catch (Exception e) { return Task.FromException(e); }
    }

    /// <summary>When <paramref name="task"/> completes, ends the turn on this activation (and answers the sink).</summary>
    private void WatchTurn(GrainRequest message, Task task, bool respond)
    {
        task.ContinueWith(static (t, s) =>
        {
            var (activation, m, r) = ((Activation, GrainRequest, bool))s!;
            activation.Post(static o =>
            {
                var (a, msg, t2, resp) = ((Activation, GrainRequest, Task, bool))o!;
                if (resp) a.FinishTurn(msg, t2);
                else lock (a._lock) a.EndTurn(msg.Flags);
            }, (activation, m, t, r));
        }, (this, message, respond), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void FinishTurn(GrainRequest message, Task task)
    {
        lock (_lock) EndTurn(message.Flags);
        try { message.Sink?.Complete(message, task); }
        catch (Exception e) { Runtime.Logger.LogError(e, "A response sink failed for {Grain}.{Method}", Id, message.MethodName); }
    }

    /// <summary>Gives up the executor after an inline turn, handing queued work to the thread pool.</summary>
    private void ReleaseExecutor()
    {
        bool schedule;
        lock (_lock)
        {
            schedule = _posted.Count > 0 || (_waiting.Count > 0 && CanStart(_waiting.Peek().Flags))
                       || (_pendingDeactivation is not null && !_deactivationStarted && _running == 0);
            if (!schedule) _executing = false;
        }
        if (schedule) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }
}
