using ContinualCluster.Learning.Datasets;
using ContinualCluster.Torch.Modules;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Models.Backbone;

/// <summary>
/// The frozen feature extractor every expert shares: an MLP (Linear + ReLU per layer) pretrained once on a public split
/// that is not part of the deletable stream, then never changed. Experts differ only by LoRA adapters on its layers
/// (grouped into blocks numbered from the top, so S3T stage i trains block i) and a head; see <see cref="LoRAExpertTrainer"/>.
/// Thread-safe for concurrent forward passes (its tensors are read-only).
/// </summary>
public sealed class FrozenBackbone : IDisposable
{
    private readonly Tensor[] _weights;
    private readonly Tensor[] _biases;
    private readonly int[] _sizes;

    private FrozenBackbone(BackboneOptions options, float[][] weights, float[][] biases)
    {
        Options = options;
        _sizes = new[] { options.InputSize }.Concat(options.HiddenSizes).ToArray();
        _weights = new Tensor[Layers];
        _biases = new Tensor[Layers];
        for (int l = 0; l < Layers; l++)
        {
            if (weights[l].Length != _sizes[l + 1] * _sizes[l] || biases[l].Length != _sizes[l + 1])
                throw new ArgumentException($"layer {l} weights do not match {_sizes[l]}→{_sizes[l + 1]}");
            _weights[l] = tensor(weights[l], new long[] { _sizes[l + 1], _sizes[l] }).DetachFromDisposeScope();
            _biases[l] = tensor(biases[l], new long[] { _sizes[l + 1] }).DetachFromDisposeScope();
        }
        WeightArrays = weights;
        BiasArrays = biases;
    }

    public BackboneOptions Options { get; }

    public int InputSize => Options.InputSize;

    /// <summary>Number of linear layers (each may carry a LoRA adapter).</summary>
    public int Layers => Options.HiddenSizes.Length;

    /// <summary>Number of LoRA blocks (Layers / LayersPerBlock).</summary>
    public int Blocks => Layers / Options.LayersPerBlock;

    /// <summary>Width of the top layer's output: the head's input.</summary>
    public int FeatureSize => _sizes[^1];

    /// <summary>α / r, the LoRA scaling.</summary>
    public double LoRAScale => Options.LoRAAlpha / Options.LoRARank;

    /// <summary>Accuracy of the pretraining head on the pretraining data (a sanity figure).</summary>
    public double PretrainAccuracy { get; private set; }

    /// <summary>The frozen weights as plain arrays (layer l: out×in row-major), e.g. to save them.</summary>
    public IReadOnlyList<float[]> WeightArrays { get; }

    public IReadOnlyList<float[]> BiasArrays { get; }

    public int InFeatures(int layer) => _sizes[layer];
    public int OutFeatures(int layer) => _sizes[layer + 1];

    /// <summary>The layer indices (bottom = 0) of block <paramref name="block"/> counted from the top (1 = top block).</summary>
    public int[] LayersOfBlockFromTop(int block)
    {
        if (block < 1 || block > Blocks) throw new ArgumentOutOfRangeException(nameof(block), block, $"block must be in 1..{Blocks}");
        int first = Layers - block * Options.LayersPerBlock;
        return Enumerable.Range(first, Options.LayersPerBlock).ToArray();
    }

    /// <summary>Builds a backbone from saved arrays.</summary>
    public static FrozenBackbone FromArrays(BackboneOptions options, float[][] weights, float[][] biases)
    {
        options.Validate();
        if (weights.Length != options.HiddenSizes.Length || biases.Length != options.HiddenSizes.Length)
            throw new ArgumentException($"expected {options.HiddenSizes.Length} layers of weights and biases");
        return new FrozenBackbone(options, weights, biases);
    }

    /// <summary>
    /// Pretrains on the first <see cref="BackboneOptions.PretrainSamples"/> samples of <paramref name="publicSplit"/>
    /// (all layers and a temporary head, Adam, seeded shuffles and initialisation), then freezes the layers.
    /// </summary>
    public static FrozenBackbone Pretrain(ImageDataset publicSplit, BackboneOptions options)
    {
        ArgumentNullException.ThrowIfNull(publicSplit);
        options.Validate();
        if (publicSplit.PixelsPerSample != options.InputSize)
            throw new ArgumentException($"dataset has {publicSplit.PixelsPerSample} pixels per sample, backbone expects {options.InputSize}");
        int n = Math.Min(options.PretrainSamples, publicSplit.Count);
        var rng = new Random(options.Seed);
        var sizes = new[] { options.InputSize }.Concat(options.HiddenSizes).ToArray();
        int classes = publicSplit.ClassCount;
        var w = new List<Parameter>();
        var b = new List<Parameter>();
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            double bound = 1 / Math.Sqrt(sizes[l]);
            w.Add(new Parameter(tensor(SeededInit.Uniform(rng, sizes[l + 1] * sizes[l], bound), new long[] { sizes[l + 1], sizes[l] })));
            b.Add(new Parameter(tensor(SeededInit.Uniform(rng, sizes[l + 1], bound), new long[] { sizes[l + 1] })));
        }
        double hb = 1 / Math.Sqrt(sizes[^1]);
        var hw = new Parameter(tensor(SeededInit.Uniform(rng, classes * sizes[^1], hb), new long[] { classes, sizes[^1] }));
        var hbias = new Parameter(tensor(SeededInit.Uniform(rng, classes, hb), new long[] { classes }));
        var all = w.Concat(b).Append(hw).Append(hbias).ToList();
        using var optimizer = optim.Adam(all, options.PretrainLearningRate);
        int pps = options.InputSize, bs = options.PretrainBatchSize;
        long correct = 0, seen = 0;
        for (int epoch = 0; epoch < options.PretrainEpochs; epoch++)
        {
            var perm = SeededInit.Permutation(rng, n);
            correct = seen = 0;
            for (int start = 0; start < n; start += bs)
            {
                using var scope = NewDisposeScope();
                int m = Math.Min(bs, n - start);
                var xs = new float[m * pps];
                var ys = new long[m];
                for (int i = 0; i < m; i++)
                {
                    publicSplit.Image(perm[start + i]).CopyTo(xs.AsSpan(i * pps, pps));
                    ys[i] = publicSplit.Labels[perm[start + i]];
                }
                var h = tensor(xs, new long[] { m, pps });
                for (int l = 0; l < w.Count; l++) h = h.matmul(w[l].t()).add(b[l]).relu();
                var logits = h.matmul(hw.t()).add(hbias);
                var target = tensor(ys, new long[] { m });
                var loss = nn.functional.cross_entropy(logits, target);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                correct += logits.argmax(1).eq(target).sum().item<long>();
                seen += m;
            }
        }
        var backbone = new FrozenBackbone(options,
            w.Select(p => p.data<float>().ToArray()).ToArray(),
            b.Select(p => p.data<float>().ToArray()).ToArray())
        { PretrainAccuracy = seen == 0 ? 0 : correct / (double)seen };
        foreach (var p in all) p.Dispose();
        return backbone;
    }

    /// <summary>
    /// Runs layers [<paramref name="fromLayer"/>, <paramref name="toLayer"/>) on <paramref name="x"/> (the input of
    /// layer fromLayer). Layer l computes relu(h·Wᵀ + b + adapter(h) + gate ⊙ gated(h)), where adapter(h) =
    /// s·(h·Aᵀ)·Bᵀ. <paramref name="gate"/> (N×1) weights the gated adapters per sample (O3's h' = Wh + w(x)·(α/r)·BAh).
    /// When <paramref name="layerOutputs"/> is given, every computed layer's output is appended to it.
    /// </summary>
    public Tensor Forward(
        Tensor x,
        IReadOnlyList<LayerAdapter?>? adapters = null,
        int fromLayer = 0,
        int toLayer = -1,
        IReadOnlyList<LayerAdapter?>? gated = null,
        Tensor? gate = null,
        List<Tensor>? layerOutputs = null)
    {
        if (toLayer < 0) toLayer = Layers;
        if (fromLayer < 0 || fromLayer > toLayer || toLayer > Layers)
            throw new ArgumentOutOfRangeException(nameof(fromLayer), $"layer range [{fromLayer}, {toLayer}) is outside 0..{Layers}");
        if (gated is not null && gate is null) throw new ArgumentException("gated adapters need a gate tensor", nameof(gate));
        var h = x;
        for (int l = fromLayer; l < toLayer; l++)
        {
            var z = h.matmul(_weights[l].t()).add(_biases[l]);
            if (adapters is not null && adapters[l] is { } a) z = z.add(h.matmul(a.A.t()).matmul(a.B.t()).mul(a.Scale));
            if (gated is not null && gated[l] is { } g) z = z.add(h.matmul(g.A.t()).matmul(g.B.t()).mul(g.Scale).mul(gate!));
            h = z.relu();
            layerOutputs?.Add(h);
        }
        return h;
    }

    public void Dispose()
    {
        foreach (var t in _weights.Concat(_biases)) t.Dispose();
    }
}
