namespace ContinualCluster.Learning.Scenarios;

/// <summary>Lays out the sample order of a stream: seeded per-epoch shuffles per segment, then (optionally) mixing around each boundary.</summary>
internal static class StreamPlanner
{
    public static StreamEntry[] Plan(IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<int> schedule, ScenarioOptions options, bool blurred)
    {
        var segments = new List<List<StreamEntry>>();
        for (int s = 0; s < schedule.Count; s++)
        {
            var task = tasks[schedule[s]];
            var list = new List<StreamEntry>(task.Train.Count * options.EpochsPerTask);
            for (int e = 0; e < options.EpochsPerTask; e++)
            {
                var order = Enumerable.Range(0, task.Train.Count).ToArray();
                if (options.Shuffle) new Random(Seed(options.Seed, s, e)).Shuffle(order);
                foreach (var i in order) list.Add(new StreamEntry(s, task.Id, i, e));
            }
            segments.Add(list);
        }
        if (blurred && options.BlurSamples > 0)
        {
            for (int s = 0; s + 1 < segments.Count; s++)
                Mix(segments[s], segments[s + 1], options.BlurSamples / 2, new Random(Seed(options.Seed, s, -1)));
        }
        return segments.SelectMany(l => l).ToArray();
    }

    /// <summary>Blends the last k samples of <paramref name="before"/> with the first k of <paramref name="after"/>: the chance of
    /// drawing from the later task rises linearly across the 2k positions; every sample is kept exactly once.</summary>
    private static void Mix(List<StreamEntry> before, List<StreamEntry> after, int k, Random rng)
    {
        k = Math.Min(k, Math.Min(before.Count, after.Count) / 2);
        if (k == 0) return;
        var a = new Queue<StreamEntry>(before.GetRange(before.Count - k, k));
        var b = new Queue<StreamEntry>(after.GetRange(0, k));
        var mixed = new List<StreamEntry>(2 * k);
        for (int p = 0; p < 2 * k; p++)
        {
            double pAfter = (p + 0.5) / (2 * k);
            bool takeAfter = a.Count == 0 || (b.Count > 0 && rng.NextDouble() < pAfter);
            mixed.Add(takeAfter ? b.Dequeue() : a.Dequeue());
        }
        before.RemoveRange(before.Count - k, k);
        after.RemoveRange(0, k);
        before.AddRange(mixed.Take(k));
        after.InsertRange(0, mixed.Skip(k));
    }

    private static int Seed(int seed, int segment, int epoch) =>
        unchecked(seed * 1_000_003 + segment * 7_919 + epoch * 131 + 17) & int.MaxValue;
}
