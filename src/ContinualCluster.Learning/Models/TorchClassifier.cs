using ContinualCluster.Learning.Scenarios;
using ContinualCluster.Torch;
using ContinualCluster.Torch.Modules;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Models;

/// <summary>Shared machinery of the torch-backed classifiers: input encoding, cross-entropy on the network's outputs, SGD steps and L1 pruning masks.</summary>
public abstract class TorchClassifier : IClassifierModel
{
    private readonly List<(Parameter Weight, Tensor Mask)> _masks = new();
    private optim.Optimizer? _optimizer;
    private WeightAverage? _average;
    private bool _disposed;

    protected TorchClassifier(int outputs, InputEncoding encoding, OptimizerSettings optimizer)
    {
        if (outputs < 1) throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "a classifier needs at least one output.");
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(optimizer);
        encoding.Validate();
        optimizer.Validate();
        Outputs = outputs;
        Encoding = encoding;
        Optimizer = optimizer;
    }

    public int Outputs { get; }

    public InputEncoding Encoding { get; }

    public OptimizerSettings Optimizer { get; private set; }

    /// <summary>The network (owned: disposed with the classifier).</summary>
    protected abstract nn.Module Network { get; }

    /// <summary>Maps encoded input [N, 1, H', W'] to outputs [N, Outputs].</summary>
    protected abstract Tensor Forward(Tensor input);

    /// <summary>The parameters SGD updates (default: all of the network's).</summary>
    protected virtual IEnumerable<Parameter> TrainableParameters() => Network.parameters();

    public long ParameterCount => Network.parameters().Sum(p => p.numel());

    public long TrainableParameterCount => TrainableParameters().Sum(p => p.numel());

    public long NonZeroTrainableParameterCount()
    {
        long n = 0;
        foreach (var p in TrainableParameters())
        {
            using var d = p.detach();
            n += d.data<float>().Count(v => v != 0f);
        }
        return n;
    }

    public double Loss(LearnerBatch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Network.eval();
        var (x, y) = Tensors(batch);
        return nn.functional.cross_entropy(Forward(x), y).item<float>();
    }

    public double TrainStep(LearnerBatch batch)
    {
        using var step = BeginStep(batch);
        step.Commit();
        return step.Loss;
    }

    public ITrainingStep BeginStep(LearnerBatch batch)
    {
        var scope = NewDisposeScope();
        try
        {
            Network.train();
            var (x, y) = Tensors(batch);
            var loss = nn.functional.cross_entropy(Forward(x), y);
            return new Step(this, scope, loss, loss.item<float>());
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    private void Update(Tensor loss)
    {
        _optimizer ??= CreateOptimizer(Optimizer.LearningRate);
        if (Optimizer.AverageDecay > 0) _average ??= new WeightAverage(TrainableParameters(), Optimizer.AverageDecay);
        _optimizer.zero_grad();
        loss.backward();
        _optimizer.step();
        ApplyMasks();
        _average?.Update();
    }

    /// <summary>Optimiser steps folded into the weight average (0 without averaging).</summary>
    public long AveragedSteps => _average?.Steps ?? 0;

    /// <summary>A forward pass awaiting its update; owns the dispose scope of the pass.</summary>
    private sealed class Step(TorchClassifier owner, DisposeScope scope, Tensor loss, double value) : ITrainingStep
    {
        private bool _done;

        public double Loss => value;

        public void Commit()
        {
            if (_done) throw new InvalidOperationException("this training step was already committed or discarded.");
            _done = true;
            owner.Update(loss);
        }

        public void Dispose()
        {
            _done = true;
            scope.Dispose();
        }
    }

    public float[] Scores(LearnerBatch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Network.eval();
        var x = InputTensor(batch);
        using var averaged = _average?.Use();
        return Forward(x).contiguous().data<float>().ToArray();
    }

    public int[] Predict(LearnerBatch batch)
    {
        var scores = Scores(batch);
        var result = new int[batch.Count];
        for (int i = 0; i < result.Length; i++)
        {
            int best = 0;
            for (int k = 1; k < Outputs; k++)
                if (scores[i * Outputs + k] > scores[i * Outputs + best]) best = k;
            result[i] = best;
        }
        return result;
    }

    public void Prune(double fraction)
    {
        if (fraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "prune fraction must be in [0, 1).");
        AdoptAverage();
        var weights = TrainableParameters().Where(p => p.dim() >= 2).ToList();
        var values = weights.Select(w => { using var d = w.detach(); return d.data<float>().ToArray(); }).ToList();
        long total = values.Sum(v => (long)v.Length);
        long k = (long)Math.Floor(fraction * total);
        var masks = L1Masks(values, k);
        foreach (var (_, mask) in _masks) mask.Dispose();
        _masks.Clear();
        for (int i = 0; i < weights.Count; i++)
        {
            var mask = tensor(masks[i], weights[i].shape);
            mask.DetachFromDisposeScope();
            _masks.Add((weights[i], mask));
        }
        ApplyMasks();
    }

    public void ResetOptimizer(double learningRate)
    {
        Optimizer = Optimizer with { LearningRate = learningRate };
        Optimizer.Validate();
        _optimizer?.Dispose();
        _optimizer = CreateOptimizer(learningRate);
    }

    /// <summary>With weight averaging: the averaged weights (what predictions used) become the trained weights and the average
    /// restarts from them, so that pruning and retraining start from the model that was evaluated.</summary>
    private void AdoptAverage()
    {
        _average?.Adopt();
        _average = null;
    }

    /// <summary>Encoded input tensor [N, 1, H', W'] (inside the caller's dispose scope).</summary>
    protected Tensor InputTensor(LearnerBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Validate();
        int p = Encoding.Padding;
        var data = Encoding.Encode(batch.Pixels, batch.Count, batch.Height, batch.Width);
        return tensor(data, new long[] { batch.Count, 1, batch.Height + 2 * p, batch.Width + 2 * p });
    }

    private (Tensor X, Tensor Y) Tensors(LearnerBatch batch)
    {
        foreach (var l in batch.Labels)
            if ((uint)l >= (uint)Outputs) throw new ArgumentException($"label {l} is outside 0..{Outputs - 1} of this classifier.", nameof(batch));
        return (InputTensor(batch), tensor(batch.Labels.Select(l => (long)l).ToArray(), new long[] { batch.Count }));
    }

    private optim.Optimizer CreateOptimizer(double lr) =>
        optim.SGD(TrainableParameters().ToList(), lr, momentum: Optimizer.Momentum, weight_decay: Optimizer.WeightDecay);

    private void ApplyMasks()
    {
        if (_masks.Count == 0) return;
        using var noGrad = no_grad();
        foreach (var (w, mask) in _masks) w.mul_(mask);
    }

    /// <summary>Float masks that zero exactly the <paramref name="k"/> smallest magnitudes over all arrays together.</summary>
    internal static float[][] L1Masks(IReadOnlyList<float[]> values, long k)
    {
        var all = values.SelectMany((v, i) => v.Select((x, j) => (Abs: Math.Abs(x), I: i, J: j))).ToArray();
        Array.Sort(all, (a, b) => a.Abs != b.Abs ? a.Abs.CompareTo(b.Abs) : a.I != b.I ? a.I.CompareTo(b.I) : a.J.CompareTo(b.J));
        var masks = values.Select(v => Enumerable.Repeat(1f, v.Length).ToArray()).ToArray();
        for (long n = 0; n < k && n < all.Length; n++) masks[all[n].I][all[n].J] = 0f;
        return masks;
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        if (!disposing) return;
        _optimizer?.Dispose();
        _average?.Dispose();
        foreach (var (_, mask) in _masks) mask.Dispose();
        Network.Dispose();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
