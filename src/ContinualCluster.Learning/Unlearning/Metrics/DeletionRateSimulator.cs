using ContinualCluster.Learning.Unlearning.Placement;
using ContinualCluster.Learning.Unlearning.Sequences;

namespace ContinualCluster.Learning.Unlearning.Metrics;

/// <summary>
/// Measures δ by running the real placement and truncation bookkeeping: samples are placed with the keyed hash,
/// deleted uniformly at random without replacement, and counted until every shard of the model is dead.
/// </summary>
public static class DeletionRateSimulator
{
    /// <summary>The closed form m·L·H_{m·B'} with B' = min(B, L) (B = 1 is SISA's m·L·H_m).</summary>
    public static double Predicted(int shards, int slices, int budget) =>
        shards * (double)slices * Harmonic(shards * Math.Min(budget, slices));

    /// <summary>H_n = 1 + 1/2 + … + 1/n.</summary>
    public static double Harmonic(int n)
    {
        double h = 0;
        for (int k = 1; k <= n; k++) h += 1.0 / k;
        return h;
    }

    /// <summary>Simulates δ for m shards, L slices and B cyclic-rotation sequences per shard (B = 1 is SISA).</summary>
    public static DeletionRateResult Simulate(int shards, int slices, int budget, int trials, int samplesPerSlice, ulong seed)
    {
        if (trials < 2) throw new ArgumentOutOfRangeException(nameof(trials), trials, "at least two trials are needed");
        if (samplesPerSlice < 1) throw new ArgumentOutOfRangeException(nameof(samplesPerSlice), samplesPerSlice, "must be at least 1");
        var placement = PlacementFunction.Create(seed, shards, slices);
        int n = shards * slices * samplesPerSlice;
        var where = new (int Shard, int Slice)[n];
        for (int i = 0; i < n; i++) where[i] = placement.Locate("sim-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var states = Enumerable.Range(0, shards)
            .Select(_ => new ShardSequenceState(SequenceSelection.CyclicRotation(slices, budget), slices))
            .ToArray();
        var order = Enumerable.Range(0, n).ToArray();
        var rng = new Random(unchecked((int)seed) ^ 0x5eed);
        double sum = 0, sumSq = 0;
        for (int t = 0; t < trials; t++)
        {
            foreach (var s in states) s.ResetAllTrained();
            int dead = 0, count = 0;
            while (dead < shards)
            {
                // Partial Fisher–Yates: the next deletion is uniform over the samples not yet deleted.
                int k = count + rng.Next(n - count);
                (order[count], order[k]) = (order[k], order[count]);
                var (shard, slice) = where[order[count]];
                count++;
                bool wasDead = states[shard].IsDead;
                states[shard].Truncate(slice);
                if (!wasDead && states[shard].IsDead) dead++;
            }
            sum += count;
            sumSq += (double)count * count;
        }
        double mean = sum / trials;
        double variance = Math.Max(0, (sumSq - trials * mean * mean) / (trials - 1));
        return new DeletionRateResult(budget == 1 ? "SISA" : "S3T", shards, slices, budget, trials, mean,
            Math.Sqrt(variance / trials), Predicted(shards, slices, budget));
    }
}
