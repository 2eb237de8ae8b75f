namespace ContinualCluster.Bench.Torch;

/// <summary>Order statistics for benchmark samples.</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0) throw new ArgumentException("no samples");
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
