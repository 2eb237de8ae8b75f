using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>A persistent counter: every acknowledged add is written to the store before it returns.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds and persists; returns the new total.</summary>
    Task<long> AddAsync(long amount);

    /// <summary>
    /// Adds in memory, waits <paramref name="delayMs"/>, then persists: a slow write that a fault test can freeze
    /// mid-way. Prints "SLOWADD waiting" before the wait and "SLOWADD wrote" or "SLOWADD failed TYPE" after the write.
    /// </summary>
    Task<long> SlowAddAsync(long amount, int delayMs);

    [ReadOnly]
    Task<long> GetAsync();

    /// <summary>The silo this activation runs on and its activation id (unique per activation).</summary>
    [ReadOnly]
    Task<string> WhereAsync();
}
