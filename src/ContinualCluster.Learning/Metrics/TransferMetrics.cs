namespace ContinualCluster.Learning.Metrics;

/// <summary>Average accuracy, backward and forward transfer and forgetting computed from an accuracy matrix R[segment][task].</summary>
public sealed record TransferMetrics(double AverageAccuracy, double BackwardTransfer, double ForwardTransfer, double Forgetting)
{
    /// <summary>R[i][j]: accuracy on task j after segment i of <paramref name="schedule"/>; <paramref name="baseline"/>[j]: accuracy of an untrained model on task j.
    /// BWT averages R[last][j] − R[last segment of j][j] over tasks finished before the end; FWT averages R[first segment of j − 1][j] − b_j over
    /// tasks that do not open the stream; forgetting averages the drop from the best earlier accuracy to the final one.</summary>
    public static TransferMetrics Compute(IReadOnlyList<double[]> r, IReadOnlyList<int> schedule, IReadOnlyList<double> baseline)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(baseline);
        if (r.Count != schedule.Count || r.Count == 0)
            throw new ArgumentException($"R has {r.Count} rows but the schedule has {schedule.Count} segments.");
        int tasks = r[0].Length;
        if (r.Any(row => row.Length != tasks) || baseline.Count != tasks || schedule.Any(t => (uint)t >= (uint)tasks))
            throw new ArgumentException("R rows, baseline and schedule disagree on the number of tasks.");
        int last = r.Count - 1;
        var seen = schedule.Distinct().ToArray();
        double avg = seen.Average(j => r[last][j]);
        var bwt = new List<double>();
        var fwt = new List<double>();
        var forgetting = new List<double>();
        foreach (int j in seen)
        {
            int first = IndexOf(schedule, j, fromEnd: false);
            int lastSeg = IndexOf(schedule, j, fromEnd: true);
            if (lastSeg < last)
            {
                bwt.Add(r[last][j] - r[lastSeg][j]);
                forgetting.Add(Enumerable.Range(first, last - first).Max(l => r[l][j]) - r[last][j]);
            }
            if (first > 0) fwt.Add(r[first - 1][j] - baseline[j]);
        }
        return new TransferMetrics(avg, Mean(bwt), Mean(fwt), Mean(forgetting));
    }

    private static int IndexOf(IReadOnlyList<int> schedule, int task, bool fromEnd)
    {
        var idx = Enumerable.Range(0, schedule.Count).Where(i => schedule[i] == task);
        return fromEnd ? idx.Last() : idx.First();
    }

    private static double Mean(List<double> xs) => xs.Count == 0 ? 0 : xs.Average();
}
