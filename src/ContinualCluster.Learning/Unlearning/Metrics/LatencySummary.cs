namespace ContinualCluster.Learning.Unlearning.Metrics;

/// <summary>Percentiles of a set of latencies in milliseconds (nearest-rank).</summary>
public sealed record LatencySummary(int Count, double MeanMs, double P50Ms, double P99Ms, double MaxMs)
{
    /// <summary>Summarises the given latencies (at least one).</summary>
    public static LatencySummary From(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.OrderBy(x => x).ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no latencies to summarise", nameof(milliseconds));
        double P(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(sorted.Length, sorted.Average(), P(0.50), P(0.99), sorted[^1]);
    }
}
