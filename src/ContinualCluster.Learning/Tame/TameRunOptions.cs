namespace ContinualCluster.Learning.Tame;

/// <summary>What a whole-stream TAME run measures besides training: the per-segment accuracy matrix, selector epochs, expert pruning.</summary>
public sealed class TameRunOptions
{
    /// <summary>Evaluate every task after every segment (the rows of R); false: only the final row.</summary>
    public bool AccuracyMatrix { get; set; } = true;

    /// <summary>Overrides <see cref="TameOptions.SelectorEpochs"/> / <see cref="TameOptions.SelectorFineTuneEpochs"/> when set.</summary>
    public int? SelectorEpochs { get; set; }

    public int? SelectorFineTuneEpochs { get; set; }

    /// <summary>Prune and retrain the experts after the stream and measure again.</summary>
    public bool PruneExperts { get; set; }

    /// <summary>Overrides <see cref="TameOptions.ExpertRetrainEpochs"/> when set.</summary>
    public int? ExpertRetrainEpochs { get; set; }

    /// <summary>A detection later than this many batches after a boundary counts as missed (and false).</summary>
    public int LateTolerance { get; set; } = 10;

    /// <summary>Detections this many batches before a boundary still match it (for blurred boundaries); null: 2 when blurred, else 0.</summary>
    public int? EarlyTolerance { get; set; }

    /// <summary>Test samples per evaluation call.</summary>
    public int EvaluationBatchSize { get; set; } = 1000;

    /// <summary>Called after each batch with (batch index, decision) for progress output; may be null.</summary>
    public Action<int, TameDecision>? Progress { get; set; }

    public void Validate()
    {
        if (SelectorEpochs is < 1) throw new ArgumentException($"SelectorEpochs must be at least 1 (was {SelectorEpochs}).");
        if (SelectorFineTuneEpochs is < 0) throw new ArgumentException($"SelectorFineTuneEpochs must be non-negative (was {SelectorFineTuneEpochs}).");
        if (ExpertRetrainEpochs is < 0) throw new ArgumentException($"ExpertRetrainEpochs must be non-negative (was {ExpertRetrainEpochs}).");
        if (LateTolerance < 0 || EarlyTolerance is < 0) throw new ArgumentException("tolerances must be non-negative.");
        if (EvaluationBatchSize < 1) throw new ArgumentException($"EvaluationBatchSize must be at least 1 (was {EvaluationBatchSize}).");
    }
}
