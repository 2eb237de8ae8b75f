namespace ContinualCluster.Grains.Engine;

/// <summary>
/// Bounds the predictions computing at once in this process (by default to its processor count); the rest wait
/// asynchronously in arrival order. A burst of requests otherwise blocks every thread-pool thread in compute, and the
/// pool's slow thread injection then delays everything else that needs the pool (replies, the transport, timers) for seconds.
/// </summary>
public static class ServingSlots
{
    private static int _count = Environment.ProcessorCount;
    private static SemaphoreSlim? _slots;
    private static readonly object Gate = new();

    /// <summary>Predictions that may compute at once; set it (Silo:ServingSlots) before the first prediction.</summary>
    public static int Count
    {
        get => Volatile.Read(ref _count);
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "at least one prediction must be able to compute");
            lock (Gate)
            {
                if (_slots is not null && value != _count)
                    throw new InvalidOperationException($"serving slots are in use with {_count}; set the count before the first prediction");
                _count = value;
            }
        }
    }

    private static SemaphoreSlim Slots
    {
        get
        {
            if (Volatile.Read(ref _slots) is { } slots) return slots;
            lock (Gate) return _slots ??= new SemaphoreSlim(_count, _count);
        }
    }

    /// <summary>Runs <paramref name="compute"/> when a slot is free, on the thread pool.</summary>
    public static async Task<T> RunAsync<T>(Func<T> compute, CancellationToken ct)
    {
        var slots = Slots;
        await slots.WaitAsync(ct).ConfigureAwait(false);
        try { return compute(); }
        finally { slots.Release(); }
    }
}
