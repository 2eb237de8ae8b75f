using System.Diagnostics;
using ContinualCluster.Learning.Metrics;
using ContinualCluster.Learning.Models;
using ContinualCluster.Learning.Scenarios;

namespace ContinualCluster.Learning.Tame;

public sealed partial class TameLearner
{
    /// <summary>Trains a fresh selector on the buffer (labels: expert ids, or (expert, label) pairs), prunes it by global L1 and fine-tunes it;
    /// the new selector replaces the old one only when training completes.</summary>
    public SelectorReport TrainSelector(int? epochs = null, int? fineTuneEpochs = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var samples = _selectorBuffer.Samples();
        if (samples.Count == 0) throw new InvalidOperationException("the selector buffer is empty: observe batches before training the selector.");
        int ep = epochs ?? Options.SelectorEpochs, ft = fineTuneEpochs ?? Options.SelectorFineTuneEpochs;
        if (ep < 1 || ft < 0) throw new ArgumentException($"selector epochs must be ≥ 1 and fine-tune epochs ≥ 0 (were {ep}, {ft}).");
        var sw = Stopwatch.StartNew();
        int c = Options.ClassesPerTask, experts = _experts.Count;
        int outputs = Options.SelectorTarget == SelectorTarget.Expert ? experts : experts * c;
        var targets = samples.Select(s => Options.SelectorTarget == SelectorTarget.Expert ? s.Expert : s.Expert * c + s.Label).ToArray();
        var members = new List<IClassifierModel>();
        try
        {
            double before = 0, pruned = 0, tuned = 0;
            long parameters = 0, nonZero = 0;
            for (int m = 0; m < Options.SelectorEnsembleSize; m++)
            {
                var model = _selectorFactory.Create(outputs, new OptimizerSettings(Options.SelectorLearningRate, Options.Momentum, Options.WeightDecay));
                members.Add(model);
                var rng = new Random(Options.Seed + 101 + 7919 * m);
                // The last SelectorAugmentedMembers members see shifted and flipped images: their errors differ from the plain members'.
                int? shift = m >= Options.SelectorEnsembleSize - Options.SelectorAugmentedMembers ? Options.SelectorMaxShift : null;
                Train(model, samples, targets, ep, rng, augmentShift: shift);
                before += BufferAccuracy(model, samples, targets);
                parameters += model.TrainableParameterCount;
                model.Prune(Options.SelectorPruneFraction);
                pruned += BufferAccuracy(model, samples, targets);
                model.ResetOptimizer(Options.SelectorFineTuneLearningRate);
                if (ft > 0) Train(model, samples, targets, ft, rng, augmentShift: shift);
                tuned += BufferAccuracy(model, samples, targets);
                nonZero += model.NonZeroTrainableParameterCount();
            }
            int k = members.Count;
            var report = new SelectorReport(samples.Count, experts, outputs, ep, ft, before / k, pruned / k, tuned / k, parameters, nonZero,
                sw.Elapsed.TotalSeconds) { EnsembleSize = k, AugmentedMembers = Math.Min(k, Options.SelectorAugmentedMembers) };
            foreach (var old in _selectors) old.Dispose();
            _selectors.Clear();
            _selectors.AddRange(members);
            _selectorExperts = experts;
            SelectorIsStale = false;
            return report;
        }
        catch
        {
            foreach (var m in members) m.Dispose();
            throw;
        }
    }

    /// <summary>Routes each sample to an expert with the selector and predicts its within-task label with that expert. Before any selector
    /// exists (or with one expert) every sample goes to the active expert.</summary>
    public IReadOnlyList<RoutedPrediction> PredictRouted(LearnerBatch batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(batch);
        batch.Validate();
        if (_experts.Count == 0) throw new InvalidOperationException("no expert yet: observe batches before predicting.");
        if (Options.SoftRouting && _selectors.Count > 0 && _experts.Count > 1) return PredictJointly(batch);
        var route = Route(batch);
        var result = new RoutedPrediction[batch.Count];
        foreach (var group in Enumerable.Range(0, batch.Count).GroupBy(i => route[i]))
        {
            var idx = group.ToArray();
            var labels = _experts[group.Key].Model.Predict(batch.Select(idx));
            for (int k = 0; k < idx.Length; k++) result[idx[k]] = new RoutedPrediction(group.Key, labels[k]);
        }
        return result;
    }

    /// <summary>Within-task labels from one named expert.</summary>
    public int[] PredictWithExpert(int expert, LearnerBatch batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)expert >= (uint)_experts.Count)
            throw new ArgumentOutOfRangeException(nameof(expert), expert, $"there are {_experts.Count} experts.");
        return _experts[expert].Model.Predict(batch);
    }

    /// <summary>Soft routing: per sample the (expert, label) maximising log p_selector(expert) + log p_expert(label).</summary>
    private IReadOnlyList<RoutedPrediction> PredictJointly(LearnerBatch batch)
    {
        var selector = SelectorLogProbabilities(batch);
        var best = new double[batch.Count];
        Array.Fill(best, double.NegativeInfinity);
        var result = new RoutedPrediction[batch.Count];
        for (int e = 0; e < _selectorExperts && e < _experts.Count; e++)
        {
            var model = _experts[e].Model;
            var scores = model.Scores(batch);
            int outputs = model.Outputs;
            for (int i = 0; i < batch.Count; i++)
            {
                var row = scores.AsSpan(i * outputs, outputs);
                var (max, logZ) = LogSumExp(row);
                for (int l = 0; l < outputs; l++)
                {
                    double joint = selector[i * _selectorExperts + e] + (row[l] - max - logZ);
                    if (joint > best[i]) { best[i] = joint; result[i] = new RoutedPrediction(e, l); }
                }
            }
        }
        return result;
    }

    /// <summary>A row's maximum and log Σ exp(v − max): log-softmax(v) = v − max − logZ.</summary>
    private static (float Max, double LogZ) LogSumExp(ReadOnlySpan<float> row)
    {
        float max = float.NegativeInfinity;
        foreach (var v in row) max = Math.Max(max, v);
        double z = 0;
        foreach (var v in row) z += Math.Exp(v - max);
        return (max, Math.Log(z));
    }

    /// <summary>The selector's expert choice per sample.</summary>
    public int[] Route(LearnerBatch batch)
    {
        if (_selectors.Count == 0 || _experts.Count == 1) return Enumerable.Repeat(Math.Max(ActiveExpert, 0), batch.Count).ToArray();
        var total = SelectorLogProbabilities(batch);
        var route = new int[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            int best = 0;
            for (int e = 1; e < _selectorExperts; e++)
                if (total[i * _selectorExperts + e] > total[i * _selectorExperts + best]) best = e;
            route[i] = best;
        }
        return route;
    }

    /// <summary>Per sample and expert, the selectors' mean log-probability of that expert (N rows of the selector's experts).</summary>
    private double[] SelectorLogProbabilities(LearnerBatch batch)
    {
        // Each member's log-probability of every expert (joint targets: summed over labels), added over the members.
        var total = new double[batch.Count * _selectorExperts];
        int c = Options.ClassesPerTask;
        bool joint = Options.SelectorTarget == SelectorTarget.ExpertAndLabel;
        foreach (var member in _selectors)
        {
            var scores = member.Scores(batch);
            int outputs = member.Outputs;
            for (int i = 0; i < batch.Count; i++)
            {
                var row = scores.AsSpan(i * outputs, outputs);
                var (max, logZ) = LogSumExp(row);
                for (int e = 0; e < _selectorExperts; e++)
                {
                    double p = 0;
                    if (joint) for (int l = 0; l < c; l++) p += Math.Exp(row[e * c + l] - max);
                    else p = Math.Exp(row[e] - max);
                    total[i * _selectorExperts + e] += (Math.Log(p) - logZ) / _selectors.Count;
                }
            }
        }
        return total;
    }

    /// <summary>Epochs of shuffled mini-batch steps on the buffered samples; with <paramref name="augmentShift"/>, every batch is shifted and flipped afresh.</summary>
    internal static void Train(IClassifierModel model, IReadOnlyList<BufferedSample> samples, int[] targets, int epochs, Random rng, int batchSize = 128,
        int? augmentShift = null)
    {
        var order = Enumerable.Range(0, samples.Count).ToArray();
        for (int e = 0; e < epochs; e++)
        {
            rng.Shuffle(order);
            for (int start = 0; start < order.Length; start += batchSize)
            {
                var batch = MakeBatch(samples, targets, order.AsSpan(start, Math.Min(batchSize, order.Length - start)));
                if (augmentShift is { } shift) ShiftFlipAugmentation.Apply(batch.Pixels, batch.Count, batch.Width, shift, rng);
                model.TrainStep(batch);
            }
        }
    }

    internal static double BufferAccuracy(IClassifierModel model, IReadOnlyList<BufferedSample> samples, int[] targets)
    {
        if (samples.Count == 0) return 0;
        long correct = 0;
        var all = Enumerable.Range(0, samples.Count).ToArray();
        for (int start = 0; start < all.Length; start += 1000)
        {
            var span = all.AsSpan(start, Math.Min(1000, all.Length - start));
            var pred = model.Predict(MakeBatch(samples, targets, span));
            for (int k = 0; k < span.Length; k++) correct += pred[k] == targets[span[k]] ? 1 : 0;
        }
        return (double)correct / samples.Count;
    }

    internal static LearnerBatch MakeBatch(IReadOnlyList<BufferedSample> samples, int[] targets, ReadOnlySpan<int> indices)
    {
        int pps = samples[indices[0]].Pixels.Length;
        int side = (int)Math.Round(Math.Sqrt(pps));
        if (side * side != pps) throw new InvalidOperationException($"buffered images of {pps} pixels are not square.");
        var pixels = new float[indices.Length * pps];
        var labels = new int[indices.Length];
        var ids = new string[indices.Length];
        var owners = new string[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            var s = samples[indices[k]];
            s.Pixels.CopyTo(pixels, k * pps);
            labels[k] = targets[indices[k]];
            ids[k] = s.Id;
            owners[k] = s.OwnerId;
        }
        return new LearnerBatch(pixels, side, side, labels, ids, owners);
    }
}
