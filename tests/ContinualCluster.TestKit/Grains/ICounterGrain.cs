using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>A persistent counter: every acknowledged add is written to the store before it returns.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds and persists; returns the new total.</summary>
    Task<long> AddAsync(long amount);

    [ReadOnly]
    Task<long> GetAsync();

    /// <summary>The silo this activation runs on and its activation id (unique per activation).</summary>
    [ReadOnly]
    Task<string> WhereAsync();
}
