namespace ContinualCluster.Grains.Engine;

/// <summary>
/// One expert's served checkpoints captured at one instant (immutable): a prediction that took it answers from exactly
/// these checkpoints however the expert changes meanwhile, so no deletion or install can fail it half-way.
/// </summary>
public interface IExpertServing
{
    /// <summary>The served configuration's version (changes with every deletion, truncation and install).</summary>
    long Version { get; }

    /// <summary>Live shards whose checkpoints are averaged (at least one).</summary>
    int Shards { get; }

    /// <summary>
    /// Within-task labels for the first <paramref name="count"/> images of <paramref name="pixels"/> (which may be longer,
    /// e.g. a pooled buffer), never one of <paramref name="excluded"/> (forgotten labels).
    /// </summary>
    int[] Predict(float[] pixels, int count, IReadOnlySet<int>? excluded = null);
}
