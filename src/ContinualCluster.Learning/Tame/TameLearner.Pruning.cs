using System.Diagnostics;

namespace ContinualCluster.Learning.Tame;

public sealed partial class TameLearner
{
    /// <summary>Prunes every expert by global L1 magnitude (<see cref="TameOptions.ExpertPruneFraction"/>) and retrains it on its C_p buffer.</summary>
    public IReadOnlyList<ExpertPruneReport> PruneExperts(int? retrainEpochs = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int epochs = retrainEpochs ?? Options.ExpertRetrainEpochs;
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(retrainEpochs), epochs, "retraining epochs must be non-negative.");
        var reports = new List<ExpertPruneReport>();
        foreach (var e in _experts)
        {
            var sw = Stopwatch.StartNew();
            var samples = _pruneBuffer.Pool(e.Id);
            var targets = samples.Select(s => s.Label).ToArray();
            long before = e.Model.NonZeroTrainableParameterCount();
            e.ParametersBeforePruning ??= before;
            double accBefore = BufferAccuracy(e.Model, samples, targets);
            e.Model.Prune(Options.ExpertPruneFraction);
            double accPruned = BufferAccuracy(e.Model, samples, targets);
            e.Model.ResetOptimizer(Options.ExpertRetrainLearningRate);
            if (samples.Count > 0 && epochs > 0) Train(e.Model, samples, targets, epochs, new Random(Options.Seed + 211 + e.Id));
            double accAfter = BufferAccuracy(e.Model, samples, targets);
            reports.Add(new ExpertPruneReport(e.Id, samples.Count, before, e.Model.NonZeroTrainableParameterCount(),
                accBefore, accPruned, accAfter, sw.Elapsed.TotalSeconds));
        }
        return reports;
    }
}
