namespace ContinualCluster.Grains.Engine;

/// <summary>
/// Bounds the predictions computing at once in this process to its processor count; the rest wait asynchronously in
/// arrival order. A burst of requests otherwise blocks every thread-pool thread in compute, and the pool's slow thread
/// injection then delays everything else that needs the pool (replies, the transport, timers) for seconds.
/// </summary>
public static class ServingSlots
{
    private static readonly SemaphoreSlim Slots = new(Environment.ProcessorCount, Environment.ProcessorCount);

    /// <summary>Runs <paramref name="compute"/> when a slot is free, on the thread pool.</summary>
    public static async Task<T> RunAsync<T>(Func<T> compute, CancellationToken ct)
    {
        await Slots.WaitAsync(ct).ConfigureAwait(false);
        try { return compute(); }
        finally { Slots.Release(); }
    }
}
