namespace ContinualCluster.Learning.Metrics;

/// <summary>Detected task switches matched against the true boundaries: per-boundary delay (in batches), false and missed switches.</summary>
public sealed record SwitchEvaluation(
    int[] TrueBoundaries,
    int[] DetectedSwitches,
    int?[] Delays,
    int FalseSwitches,
    int MissedBoundaries,
    int MaxDelay,
    double MeanDelay)
{
    /// <summary>Matches each boundary b to the first unmatched detection in [b − early, min(b + late, next boundary − 1)];
    /// detections left over are false switches, boundaries left over are missed.</summary>
    public static SwitchEvaluation Evaluate(IReadOnlyList<int> trueBoundaries, IReadOnlyList<int> detected, int lateTolerance = 10, int earlyTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(trueBoundaries);
        ArgumentNullException.ThrowIfNull(detected);
        if (lateTolerance < 0 || earlyTolerance < 0) throw new ArgumentException("tolerances must be non-negative.");
        var bounds = trueBoundaries.Order().ToArray();
        var dets = detected.Order().ToArray();
        var used = new bool[dets.Length];
        var delays = new int?[bounds.Length];
        for (int i = 0; i < bounds.Length; i++)
        {
            int lo = bounds[i] - earlyTolerance;
            if (i > 0) lo = Math.Max(lo, bounds[i - 1] + 1);
            int hi = bounds[i] + lateTolerance;
            if (i + 1 < bounds.Length) hi = Math.Min(hi, bounds[i + 1] - 1);
            for (int k = 0; k < dets.Length; k++)
            {
                if (used[k] || dets[k] < lo || dets[k] > hi) continue;
                used[k] = true;
                delays[i] = dets[k] - bounds[i];
                break;
            }
        }
        var found = delays.Where(d => d.HasValue).Select(d => d!.Value).ToArray();
        return new SwitchEvaluation(bounds, dets, delays, used.Count(u => !u), delays.Count(d => !d.HasValue),
            found.Length == 0 ? 0 : found.Max(), found.Length == 0 ? 0 : found.Average());
    }
}
