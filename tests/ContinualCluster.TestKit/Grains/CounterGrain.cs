using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>Implements <see cref="ICounterGrain"/> over persistent state with ETags.</summary>
public sealed class CounterGrain : Grain<CounterState>, ICounterGrain
{
    private readonly string _activationId = Guid.NewGuid().ToString("N")[..8];

    public async Task<long> AddAsync(long amount)
    {
        State.Total += amount;
        State.Writes++;
        State.LastWriter = _activationId;
        await WriteStateAsync();
        return State.Total;
    }

    public async Task<long> SlowAddAsync(long amount, int delayMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delayMs);
        State.Total += amount;
        State.Writes++;
        State.LastWriter = _activationId;
        Console.WriteLine($"SLOWADD waiting {SiloId}/{_activationId}");
        await Task.Delay(delayMs);
        try { await WriteStateAsync(); }
        catch (Exception e)
        {
            Console.WriteLine($"SLOWADD failed {e.GetType().Name} {SiloId}/{_activationId}");
            throw;
        }
        Console.WriteLine($"SLOWADD wrote {State.Total} {SiloId}/{_activationId}");
        return State.Total;
    }

    public Task<long> GetAsync() => Task.FromResult(State.Total);

    public Task<string> WhereAsync() => Task.FromResult($"{SiloId}/{_activationId}");

    /// <summary>Writes the given total with this activation's (possibly stale) ETag: the zombie-write probe for tests.</summary>
    public Task ForceWriteAsync(long total)
    {
        State.Total = total;
        return WriteStateAsync();
    }
}
