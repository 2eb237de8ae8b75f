using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>Measures interleaving: each call records how many calls were inside the grain at once.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Appends <paramref name="value"/> after awaiting <paramref name="delayMs"/>; returns the concurrency seen.</summary>
    Task<int> AppendAsync(int value, int delayMs);

    [ReadOnly]
    Task<int> ReadAsync(int delayMs);

    [ReadOnly]
    Task<int[]> LogAsync();

    /// <summary>Most calls seen inside the grain at once, and most threads seen running grain code at once.</summary>
    [AlwaysInterleave]
    Task<int[]> MaxConcurrencyAsync();
}
