namespace ContinualCluster.Grains.Engine;

/// <summary>
/// Idle training: when no batch has arrived for <see cref="StreamEngineOptions.TrainAfterIdle"/>, the stream trains what
/// it holds (TAME's held batch resolved, every expert with untrained samples, the selector), as an explicit flush would,
/// so a stream shorter than <see cref="StreamEngineOptions.TrainEverySamples"/> serves without anyone calling flush.
/// </summary>
public sealed partial class StreamEngine
{
    private Timer? _idleTimer;
    private DateTimeOffset _lastLiveBatch;

    /// <summary>Idle trainings this activation started (for status and tests).</summary>
    public int IdleTrainings { get; private set; }

    /// <summary>Re-arms the idle timer after a live batch; runs inside a turn.</summary>
    private void ArmIdleTraining()
    {
        if (_replaying || IsDisposed || _options.TrainAfterIdle <= TimeSpan.Zero) return;
        _lastLiveBatch = _time.GetUtcNow();
        _idleTimer ??= new Timer(_ => _ = TrainIfIdleAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _idleTimer.Change(_options.TrainAfterIdle, Timeout.InfiniteTimeSpan);
    }

    private async Task TrainIfIdleAsync()
    {
        try
        {
            await _turn.WaitAsync();
        }
        catch (ObjectDisposedException) { return; }
        try
        {
            if (IsDisposed) return;
            // Not idle long enough (a batch arrived while this callback waited for the turn, or the timer's clock ran
            // ahead of the wall clock): wait for the rest, or a stream would never train.
            var left = _options.TrainAfterIdle - (_time.GetUtcNow() - _lastLiveBatch);
            if (left > TimeSpan.Zero)
            {
                _idleTimer?.Change(left + TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan);
                return;
            }
            if (_unassigned.Count == 0 && !_untrained.Any(n => n > 0)) return;
            await LogFlushAsync(CancellationToken.None);   // replay resolves TAME's held batch at the same point
            Assign(_learner.FlushPending());
            for (int k = 0; k < _experts.Count; k++) if (_untrained[k] > 0 || !_experts[k].Ready) ScheduleTraining(k);
            IdleTrainings++;
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            Console.Error.WriteLine($"stream {_id}: idle training failed: {e.Message}");
        }
        finally
        {
            try { _turn.Release(); } catch (ObjectDisposedException) { }
        }
    }

    private void StopIdleTraining() => _idleTimer?.Dispose();
}
