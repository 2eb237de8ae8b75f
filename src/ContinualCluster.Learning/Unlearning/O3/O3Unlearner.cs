using System.Diagnostics;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Torch.Modules;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Unlearning.O3;

/// <summary>
/// O3 continual unlearning on a trained expert: one unlearning LoRA on every backbone layer, carried across requests in
/// the orthogonal-LoRA way — each request adds a rank-r block (A_t, B_t) trained on its data with random wrong labels plus
/// λ·Σ_prev‖A_prev·A_tᵀ‖²_F while the earlier blocks stay frozen and active, so the adapter is B·A with A = [A_1; …; A_t]
/// and B = [B_1 … B_t]. One OOD detector and soft gate per request; inference h' = Wh + w(x)·(α/r)·BAh with w = max over
/// requests. A request's raw data is used only during <see cref="Forget"/>: afterwards the unlearner holds feature
/// statistics and the adapter blocks only.
/// </summary>
public sealed class O3Unlearner
{
    private const int Chunk = 2048;
    private readonly LoRAExpertTrainer _trainer;
    private readonly O3Options _options;
    private readonly Random _initRng;
    private readonly List<float[][]> _frozenA = new();
    private readonly List<float[][]> _frozenB = new();
    private readonly List<RequestDetector> _detectors = new();
    private readonly HashSet<string> _requestIds = new(StringComparer.Ordinal);
    private readonly HashSet<int> _forgottenLabels = new();

    /// <summary>Wraps <paramref name="baseState"/> (the expert to unlearn from, unchanged by this class).</summary>
    public O3Unlearner(LoRAExpertTrainer trainer, ExpertState baseState, O3Options options)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(baseState);
        options.Validate();
        _trainer = trainer;
        _options = options;
        BaseState = baseState;
        _initRng = new Random(options.Seed);
    }

    /// <summary>Rank of the whole adapter: r per processed request.</summary>
    public int AdapterRank => _frozenA.Count * _options.Rank;

    public ExpertState BaseState { get; }

    /// <summary>The detectors of the requests processed so far, in order.</summary>
    public IReadOnlyList<RequestDetector> Detectors => _detectors;

    /// <summary>Processes one request: fits its detector and gate, trains the shared adapter, then forgets the raw data.</summary>
    public O3RequestReport Forget(O3Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate(_trainer.Backbone.InputSize, BaseState.Classes);
        if (_requestIds.Contains(request.RequestId)) throw new ArgumentException($"request '{request.RequestId}' was already processed", nameof(request));
        var watch = Stopwatch.StartNew();
        var rng = new Random(_options.Seed + 7919 * (_detectors.Count + 1));
        int n = request.Count, pps = _trainer.Backbone.InputSize;
        var perm = SeededInit.Permutation(rng, n);
        int nUsed = Math.Clamp((int)Math.Round(n * _options.UsedFraction), 2, n - 2);
        var usedPixels = Gather(request.Pixels, perm.Take(nUsed), pps);
        var restPixels = Gather(request.Pixels, perm.Skip(nUsed), pps);
        var usedLabels = perm.Take(nUsed).Select(i => request.Labels[i]).ToArray();

        // Detector: statistics of the base model's layer features on "used"; gate Gaussians on used and rest.
        var usedFeatures = Features(usedPixels, nUsed);
        var restFeatures = Features(restPixels, n - nUsed);
        var dims = Enumerable.Range(0, _trainer.Backbone.Layers).Select(_trainer.Backbone.OutFeatures).ToArray();
        var detector = RequestDetector.Build(request.RequestId, usedFeatures, dims, nUsed, _options);
        var usedScores = detector.ScoreVectors(usedFeatures, nUsed, excludeSelf: true);
        detector.Boundary = LinearOneClassSvm.Fit(usedScores, _options.Nu);
        var usedD = usedScores.Select(detector.Boundary.Decision).ToArray();
        var restD = detector.Decisions(restFeatures, n - nUsed);
        detector.Gate = SoftGate.Fit(usedD, restD, _options.Zeta, _options.GateOffset, _options.RescaleGate);

        // Adapter: random wrong labels — drawn among classes no request has asked to forget, so a later request never
        // teaches the adapter to predict an earlier request's class — with cross-entropy plus orthogonality to earlier A's.
        var forgotten = new HashSet<int>(_forgottenLabels.Concat(request.Labels));
        var targets = Enumerable.Range(0, BaseState.Classes).Where(c => !forgotten.Contains(c)).ToArray();
        if (targets.Length == 0) throw new InvalidOperationException("every class has been forgotten: no wrong label is left to train towards");
        var wrong = usedLabels.Select(_ => targets[rng.Next(targets.Length)]).ToArray();
        var (ce, orth) = TrainBlock(usedPixels, wrong, nUsed, rng);
        _detectors.Add(detector);
        _requestIds.Add(request.RequestId);
        _forgottenLabels.UnionWith(forgotten);
        return new O3RequestReport(request.RequestId, perm.Take(nUsed).ToArray(), n - nUsed, ce, orth, detector.Gate, watch.Elapsed.TotalSeconds);
    }

    /// <summary>w(x) = max over requests of w_t(x); zero before any request.</summary>
    public double[] GateWeights(float[] pixels, int count)
    {
        var w = new double[count];
        if (_detectors.Count == 0) return w;
        var features = Features(pixels, count);
        foreach (var d in _detectors)
        {
            var wt = d.Weights(features, count);
            for (int i = 0; i < count; i++) w[i] = Math.Max(w[i], wt[i]);
        }
        return w;
    }

    /// <summary>Logits of the gated model: the base expert plus w(x)·(α/r)·BA on every layer.</summary>
    public float[] PredictLogits(float[] pixels, int count) => GatedLogits(pixels, count, GateWeights(pixels, count));

    /// <summary>Logits with explicit per-sample gate weights (1 everywhere: the adapter always on).</summary>
    public float[] GatedLogits(float[] pixels, int count, double[] gate)
    {
        int pps = _trainer.Backbone.InputSize, c = BaseState.Classes;
        var result = new float[count * c];
        using var noGrad = no_grad();
        if (_frozenA.Count == 0) return _trainer.Logits(BaseState, pixels, count);
        using var outer = NewDisposeScope();
        var adapters = Adapters(null, null);
        for (int s = 0; s < count; s += Chunk)
        {
            using var scope = NewDisposeScope();
            int m = Math.Min(Chunk, count - s);
            var x = tensor(pixels.AsSpan(s * pps, m * pps), new long[] { m, pps });
            var g = tensor(gate.Skip(s).Take(m).Select(v => (float)v).ToArray(), new long[] { m, 1 });
            _trainer.LogitsTensor(BaseState, x, adapters, g).data<float>().ToArray().CopyTo(result, s * c);
        }
        return result;
    }

    /// <summary>Per layer A = [A_1; …; A_t(; current)] and B = [B_1 … B_t(, current)] in the current dispose scope.</summary>
    private LayerAdapter?[] Adapters(Parameter[]? currentA, Parameter[]? currentB)
    {
        var bb = _trainer.Backbone;
        var result = new LayerAdapter?[bb.Layers];
        for (int l = 0; l < bb.Layers; l++)
        {
            int inF = bb.InFeatures(l), outF = bb.OutFeatures(l);
            var aParts = _frozenA.Select(f => tensor(f[l], new long[] { _options.Rank, inF })).ToList();
            var bParts = _frozenB.Select(f => tensor(f[l], new long[] { outF, _options.Rank })).ToList();
            if (currentA is not null) { aParts.Add(currentA[l]); bParts.Add(currentB![l]); }
            var a = aParts.Count == 1 ? aParts[0] : cat(aParts, 0);
            var b = bParts.Count == 1 ? bParts[0] : cat(bParts, 1);
            result[l] = new LayerAdapter(a, b, _options.Alpha / _options.Rank);
        }
        return result;
    }

    private (double Ce, double Orth) TrainBlock(float[] pixels, int[] labels, int n, Random rng)
    {
        int pps = _trainer.Backbone.InputSize;
        var bb = _trainer.Backbone;
        var a = new Parameter[bb.Layers];
        var b = new Parameter[bb.Layers];
        for (int l = 0; l < bb.Layers; l++)
        {
            int inF = bb.InFeatures(l);
            a[l] = new Parameter(tensor(SeededInit.Uniform(_initRng, _options.Rank * inF, 1 / Math.Sqrt(inF)), new long[] { _options.Rank, inF }));
            b[l] = new Parameter(zeros(bb.OutFeatures(l), _options.Rank));
        }
        using var optimizer = optim.Adam(a.Concat(b), _options.LearningRate);
        double lastCe = 0, lastOrth = 0;
        for (int epoch = 0; epoch < _options.Epochs; epoch++)
        {
            var perm = SeededInit.Permutation(rng, n);
            double ceSum = 0, orthSum = 0;
            int batches = 0;
            for (int s = 0; s < n; s += _options.BatchSize)
            {
                using var scope = NewDisposeScope();
                int m = Math.Min(_options.BatchSize, n - s);
                var xs = new float[m * pps];
                var ys = new long[m];
                for (int i = 0; i < m; i++)
                {
                    Array.Copy(pixels, (long)perm[s + i] * pps, xs, (long)i * pps, pps);
                    ys[i] = labels[perm[s + i]];
                }
                var logits = _trainer.LogitsTensor(BaseState, tensor(xs, new long[] { m, pps }), Adapters(a, b), ones(m, 1));
                var ce = nn.functional.cross_entropy(logits, tensor(ys, new long[] { m }));
                var loss = ce;
                Tensor? orth = null;
                foreach (var snapshot in _frozenA)
                    for (int l = 0; l < a.Length; l++)
                    {
                        var prev = tensor(snapshot[l], new long[] { _options.Rank, snapshot[l].Length / _options.Rank });
                        var term = prev.matmul(a[l].t()).square().sum();
                        orth = orth is null ? term : orth.add(term);
                    }
                if (orth is not null) loss = loss.add(orth.mul(_options.Lambda));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                ceSum += ce.item<float>();
                orthSum += orth?.item<float>() ?? 0;
                batches++;
            }
            lastCe = ceSum / batches;
            lastOrth = orthSum / batches;
        }
        _frozenA.Add(a.Select(p => p.data<float>().ToArray()).ToArray());
        _frozenB.Add(b.Select(p => p.data<float>().ToArray()).ToArray());
        foreach (var p in a.Concat(b)) p.Dispose();
        return (lastCe, lastOrth);
    }

    private List<float[]> Features(float[] pixels, int count)
    {
        var bb = _trainer.Backbone;
        var result = Enumerable.Range(0, bb.Layers).Select(l => new float[count * bb.OutFeatures(l)]).ToList();
        using var noGrad = no_grad();
        for (int s = 0; s < count; s += Chunk)
        {
            using var scope = NewDisposeScope();
            int m = Math.Min(Chunk, count - s);
            var outputs = new List<Tensor>();
            _trainer.LogitsTensor(BaseState, tensor(pixels.AsSpan(s * bb.InputSize, m * bb.InputSize), new long[] { m, bb.InputSize }), layerOutputs: outputs);
            for (int l = 0; l < bb.Layers; l++) outputs[l].data<float>().ToArray().CopyTo(result[l], s * bb.OutFeatures(l));
        }
        return result;
    }

    private static float[] Gather(float[] pixels, IEnumerable<int> rows, int pps)
    {
        var list = rows.ToArray();
        var result = new float[list.Length * pps];
        for (int i = 0; i < list.Length; i++) Array.Copy(pixels, (long)list[i] * pps, result, (long)i * pps, pps);
        return result;
    }
}
