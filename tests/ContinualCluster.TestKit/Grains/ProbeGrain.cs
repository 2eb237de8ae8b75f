using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>Implements <see cref="IProbeGrain"/> without any attribute: calls must not interleave.</summary>
public class ProbeGrain : Grain, IProbeGrain
{
    private readonly List<int> _log = new();
    private int _inside, _maxInside, _threads, _maxThreads;

    public async Task<int> AppendAsync(int value, int delayMs)
    {
        int seen = Enter();
        await Task.Delay(delayMs);
        Spin();
        _log.Add(value);
        _inside--;
        return seen;
    }

    public async Task<int> ReadAsync(int delayMs)
    {
        int seen = Enter();
        await Task.Delay(delayMs);
        Spin();
        _inside--;
        return seen;
    }

    public Task<int[]> LogAsync() => Task.FromResult(_log.ToArray());

    public Task<int[]> MaxConcurrencyAsync() => Task.FromResult(new[] { _maxInside, _maxThreads });

    private int Enter()
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        Spin();
        return _inside;
    }

    /// <summary>Counts threads inside grain code at once over a short busy section.</summary>
    private void Spin()
    {
        int now = Interlocked.Increment(ref _threads);
        _maxThreads = Math.Max(_maxThreads, now);
        Thread.SpinWait(2000);
        Interlocked.Decrement(ref _threads);
    }
}
