namespace ContinualCluster.Grains.Engine;

/// <summary>How a stream engine orchestrates its learner, expert models and deletions.</summary>
public sealed class StreamEngineOptions
{
    /// <summary>Outputs of one expert; within-task label = global label mod this (Split Fashion-MNIST: 2).</summary>
    public int ClassesPerTask { get; set; } = 2;

    /// <summary>The active expert's serving model is retrained in the background after this many new samples.</summary>
    public int TrainEverySamples { get; set; } = 2048;

    /// <summary>Retrain the selector (without deleted samples) when a deletion touched its buffer, before the receipt says retrained.</summary>
    public bool RetrainSelectorOnDeletion { get; set; } = true;

    /// <summary>Predictions whose unlearning gate exceeds this use the unlearning adapters.</summary>
    public float GateThreshold { get; set; } = 0.5f;

    /// <summary>
    /// How long a prediction waits when deletions left every expert retraining all its shards (a dead shard serves
    /// again after its first retrained stage), before it answers 503 'retraining'.
    /// </summary>
    public TimeSpan PredictWaitForRetraining { get; set; } = TimeSpan.FromSeconds(10);

    public void Validate()
    {
        if (PredictWaitForRetraining < TimeSpan.Zero) throw new ArgumentException($"PredictWaitForRetraining must not be negative (was {PredictWaitForRetraining})");
        if (ClassesPerTask < 2) throw new ArgumentException($"ClassesPerTask must be at least 2 (was {ClassesPerTask})");
        if (TrainEverySamples < 1) throw new ArgumentException($"TrainEverySamples must be positive (was {TrainEverySamples})");
        if (GateThreshold is < 0 or > 1) throw new ArgumentException($"GateThreshold must be in [0, 1] (was {GateThreshold})");
    }
}
