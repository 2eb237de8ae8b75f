using System.Diagnostics;

namespace ContinualCluster.Bench.Runtime;

/// <summary>Collects per-call latencies (one list per caller, merged at the end) and reports percentiles in microseconds.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<long>[] _perCaller;

    public LatencyRecorder(int callers) => _perCaller = Enumerable.Range(0, callers).Select(_ => new List<long>(1 << 16)).ToArray();

    public void Record(int caller, long startTimestamp) => _perCaller[caller].Add(Stopwatch.GetTimestamp() - startTimestamp);

    public long Count => _perCaller.Sum(l => (long)l.Count);

    public double PercentileMicros(double p)
    {
        var all = _perCaller.SelectMany(l => l).ToArray();
        if (all.Length == 0) return double.NaN;
        Array.Sort(all);
        long ticks = all[Math.Min(all.Length - 1, (int)(p / 100.0 * all.Length))];
        return ticks * 1_000_000.0 / Stopwatch.Frequency;
    }
}
