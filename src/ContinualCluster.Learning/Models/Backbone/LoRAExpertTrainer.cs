using ContinualCluster.Torch.Modules;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Models.Backbone;

/// <summary>
/// Trains and evaluates task experts (<see cref="ExpertState"/>: LoRA adapters + head) on a <see cref="FrozenBackbone"/>.
/// Training touches only the layers it is told to (their adapters start from the given state, or fresh: A uniform
/// ±1/√in, B zero) and the head; everything else is frozen. All randomness comes from the seed argument, so the same
/// inputs give bit-identical results.
/// </summary>
public sealed class LoRAExpertTrainer(FrozenBackbone backbone)
{
    private const int EvalChunk = 4096;

    public FrozenBackbone Backbone { get; } = backbone ?? throw new ArgumentNullException(nameof(backbone));

    /// <summary>A state with no adapters and a freshly initialised head of <paramref name="classes"/> outputs.</summary>
    public ExpertState CreateInitial(int classes, int seed)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes));
        var rng = new Random(seed);
        int f = Backbone.FeatureSize;
        double bound = 1 / Math.Sqrt(f);
        return new ExpertState(new LoRAFactors?[Backbone.Layers], classes, f,
            SeededInit.Uniform(rng, classes * f, bound), SeededInit.Uniform(rng, classes, bound));
    }

    /// <summary>Fresh LoRA factors for one layer (A uniform ±1/√in, B zero, so the adapter starts as a no-op).</summary>
    public LoRAFactors CreateAdapter(int layer, Random rng)
    {
        int r = Backbone.Options.LoRARank, inF = Backbone.InFeatures(layer), outF = Backbone.OutFeatures(layer);
        return new LoRAFactors(r, inF, outF, SeededInit.Uniform(rng, r * inF, 1 / Math.Sqrt(inF)), new float[outF * r]);
    }

    /// <summary>
    /// Trains the adapters of <paramref name="trainableLayers"/> and (optionally) the head on <paramref name="count"/>
    /// samples (row-major pixels, labels in 0..Classes−1) with Adam and cross-entropy; returns the new state.
    /// </summary>
    public ExpertState Train(ExpertState start, IReadOnlyCollection<int> trainableLayers, ExpertTrainingOptions options,
        float[] pixels, int[] labels, int count, int seed, bool trainHead = true)
    {
        ArgumentNullException.ThrowIfNull(start);
        options.Validate();
        int pps = Backbone.InputSize;
        if (pixels.Length < count * pps || labels.Length < count) throw new ArgumentException("fewer pixels or labels than count");
        if (trainableLayers.Any(l => l < 0 || l >= Backbone.Layers)) throw new ArgumentOutOfRangeException(nameof(trainableLayers));
        for (int i = 0; i < count; i++)
            if (labels[i] < 0 || labels[i] >= start.Classes) throw new ArgumentException($"label {labels[i]} outside 0..{start.Classes - 1}");
        if (count == 0 || trainableLayers.Count == 0 && !trainHead) return start;

        var rng = new Random(seed);
        var factors = start.Adapters.ToArray();
        foreach (var l in trainableLayers.OrderBy(l => l)) factors[l] ??= CreateAdapter(l, rng);
        var trainable = new HashSet<int>(trainableLayers);
        var a = new Parameter?[Backbone.Layers];
        var b = new Parameter?[Backbone.Layers];
        var adapters = new LayerAdapter?[Backbone.Layers];
        for (int l = 0; l < Backbone.Layers; l++)
        {
            if (factors[l] is not { } f) continue;
            a[l] = new Parameter(tensor(f.A, new long[] { f.Rank, f.InFeatures }), trainable.Contains(l));
            b[l] = new Parameter(tensor(f.B, new long[] { f.OutFeatures, f.Rank }), trainable.Contains(l));
            adapters[l] = new LayerAdapter(a[l]!, b[l]!, Backbone.LoRAScale);
        }
        var hw = new Parameter(tensor(start.HeadWeight, new long[] { start.Classes, start.FeatureSize }), trainHead);
        var hb = new Parameter(tensor(start.HeadBias, new long[] { start.Classes }), trainHead);
        var optimised = trainable.OrderBy(l => l).SelectMany(l => new[] { a[l]!, b[l]! }).ToList();
        if (trainHead) { optimised.Add(hw); optimised.Add(hb); }
        try
        {
            // Layers below the lowest adapted layer are pure frozen backbone: compute their output once.
            int from = Enumerable.Range(0, Backbone.Layers).FirstOrDefault(l => factors[l] is not null, Backbone.Layers);
            // Minibatches are gathered natively from the frozen prefix's output (index_select): copying it into managed
            // arrays made megabytes of garbage per retraining job, and the collections it caused paused the serving threads.
            using var inputs = FrozenPrefix(pixels, count, from);
            using var targets = tensor(labels.Take(count).Select(l => (long)l).ToArray(), new long[] { count });
            using var optimizer = optim.Adam(optimised, options.LearningRate);
            var rows = new long[options.BatchSize];
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                var perm = SeededInit.Permutation(rng, count);
                for (int s = 0; s < count; s += options.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    int m = Math.Min(options.BatchSize, count - s);
                    for (int i = 0; i < m; i++) rows[i] = perm[s + i];
                    var index = tensor(rows.AsSpan(0, m), new long[] { m });
                    var h = Backbone.Forward(inputs.index_select(0, index), adapters, from);
                    var loss = nn.functional.cross_entropy(h.matmul(hw.t()).add(hb), targets.index_select(0, index));
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                }
            }
            for (int l = 0; l < Backbone.Layers; l++)
                if (trainable.Contains(l))
                    factors[l] = factors[l]! with { A = a[l]!.data<float>().ToArray(), B = b[l]!.data<float>().ToArray() };
            return trainHead
                ? new ExpertState(factors, start.Classes, start.FeatureSize, hw.data<float>().ToArray(), hb.data<float>().ToArray())
                : new ExpertState(factors, start.Classes, start.FeatureSize, start.HeadWeight, start.HeadBias);
        }
        finally
        {
            foreach (var p in a.Concat(b).Append(hw).Append(hb)) p?.Dispose();
        }
    }

    /// <summary>Logits (count × classes, row-major) of an expert on raw pixels.</summary>
    public float[] Logits(ExpertState state, float[] pixels, int count)
    {
        var result = new float[count * state.Classes];
        using var noGrad = no_grad();
        for (int s = 0; s < count; s += EvalChunk)
        {
            using var scope = NewDisposeScope();
            int m = Math.Min(EvalChunk, count - s);
            var x = tensor(pixels.AsSpan(s * Backbone.InputSize, m * Backbone.InputSize), new long[] { m, Backbone.InputSize });
            var logits = LogitsTensor(state, x);
            logits.data<float>().ToArray().CopyTo(result, s * state.Classes);
        }
        return result;
    }

    /// <summary>Logits of an expert on a batch tensor (N × InputSize); the caller owns the scope.</summary>
    public Tensor LogitsTensor(ExpertState state, Tensor x, IReadOnlyList<LayerAdapter?>? gated = null, Tensor? gate = null, List<Tensor>? layerOutputs = null)
    {
        var adapters = ToTensors(state);
        var h = Backbone.Forward(x, adapters, 0, -1, gated, gate, layerOutputs);
        return h.matmul(tensor(state.HeadWeight, new long[] { state.Classes, state.FeatureSize }).t())
            .add(tensor(state.HeadBias, new long[] { state.Classes }));
    }

    /// <summary>The state's adapters as tensors (created in the current dispose scope).</summary>
    public LayerAdapter?[] ToTensors(ExpertState state) =>
        state.Adapters.Select(f => f is null ? null : new LayerAdapter(
            tensor(f.A, new long[] { f.Rank, f.InFeatures }), tensor(f.B, new long[] { f.OutFeatures, f.Rank }), Backbone.LoRAScale)).ToArray();

    private Tensor FrozenPrefix(float[] pixels, int count, int toLayer)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = tensor(pixels.AsSpan(0, count * Backbone.InputSize), new long[] { count, Backbone.InputSize });
        return Backbone.Forward(x, null, 0, toLayer).MoveToOuterDisposeScope();
    }
}
