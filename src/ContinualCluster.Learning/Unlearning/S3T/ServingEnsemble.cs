using System.Buffers;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Torch;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>
/// A fixed set of served S3T checkpoints compiled for inference: the frozen bottom layer runs once per batch for every
/// shard (each shard adds its own rank-r adapter term), the upper layers run with each shard's adapters merged into its
/// weights (W' = W + (α/r)·B·A) as one batched matmul over the shards, and the shards' logits are averaged — the same
/// function as <see cref="ShardedUnlearningModel.PredictLogits(float[], int)"/> over the same checkpoints, in fewer, larger kernels.
/// In <see cref="ServingPrecision.BFloat16"/> the compiled weights and the activations are bfloat16 (the logits are
/// averaged in float32): the same function up to bfloat16 rounding. Immutable once built; <see cref="Dispose"/> waits
/// for predictions in flight.
/// </summary>
public sealed class ServingEnsemble : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Tensor[] _wt, _bias;
    private Tensor _w0t, _b0, _hwt, _hb;
    private Tensor? _a0t, _bt0;
    private readonly int _shards, _inputs, _rank0, _hidden0;
    private bool _disposed;

    /// <summary>Compiles <paramref name="states"/> (at least one) over <paramref name="backbone"/>.</summary>
    public ServingEnsemble(FrozenBackbone backbone, IReadOnlyList<ExpertState> states, ServingPrecision precision = ServingPrecision.Float32)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        if (states is null || states.Count == 0) throw new ArgumentException("an ensemble needs at least one checkpoint", nameof(states));
        States = states.ToArray();
        Classes = states[0].Classes;
        if (states.Any(s => s.Classes != Classes || s.FeatureSize != backbone.FeatureSize))
            throw new ArgumentException("every checkpoint must have the same classes and the backbone's feature size", nameof(states));
        _shards = states.Count;
        _inputs = backbone.InputSize;
        _hidden0 = backbone.OutFeatures(0);
        float scale = (float)backbone.LoRAScale;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        _w0t = Keep(tensor(backbone.WeightArrays[0], new long[] { _hidden0, _inputs }).t().contiguous());
        _b0 = Keep(tensor(backbone.BiasArrays[0], new long[] { _hidden0 }));
        _rank0 = States.Max(s => Adapter(s, 0)?.Rank ?? 0);
        if (_rank0 > 0)
        {
            // Stacked bottom adapters: A as one [in, S·r] matrix (one matmul for all shards), B scaled as [S, r, out].
            var a = new float[_shards * _rank0 * _inputs];
            var bt = new float[_shards * _rank0 * _hidden0];
            for (int s = 0; s < _shards; s++)
            {
                if (Adapter(States[s], 0) is not { } f) continue;
                Array.Copy(f.A, 0, a, s * _rank0 * _inputs, f.Rank * _inputs);
                for (int o = 0; o < _hidden0; o++)
                    for (int k = 0; k < f.Rank; k++) bt[(s * _rank0 + k) * _hidden0 + o] = scale * f.B[o * f.Rank + k];
            }
            _a0t = Keep(tensor(a, new long[] { _shards * _rank0, _inputs }).t().contiguous());
            _bt0 = Keep(tensor(bt, new long[] { _shards, _rank0, _hidden0 }));
        }
        int layers = backbone.Layers;
        _wt = new Tensor[layers];
        _bias = new Tensor[layers];
        for (int l = 1; l < layers; l++)
        {
            int rows = backbone.OutFeatures(l), cols = backbone.InFeatures(l);
            var w = tensor(backbone.WeightArrays[l], new long[] { rows, cols });
            var merged = States.Select(s => Adapter(s, l) is { } f
                ? w.add(tensor(f.B, new long[] { rows, f.Rank }).matmul(tensor(f.A, new long[] { f.Rank, cols })).mul(scale))
                : w).ToList();
            _wt[l] = Keep(stack(merged).transpose(1, 2).contiguous());
            _bias[l] = Keep(tensor(backbone.BiasArrays[l], new long[] { 1, 1, rows }).expand(_shards, 1, rows).contiguous());
        }
        int features = backbone.FeatureSize;
        _hwt = Keep(stack(States.Select(s => tensor(s.HeadWeight, new long[] { Classes, features })).ToList()).transpose(1, 2).contiguous());
        _hb = Keep(stack(States.Select(s => tensor(s.HeadBias, new long[] { 1, Classes })).ToList()).contiguous());
        Precision = BFloat16Support.Resolve(precision);
        if (Precision == ServingPrecision.BFloat16)
        {
            _w0t = Narrow(_w0t); _b0 = Narrow(_b0); _hwt = Narrow(_hwt); _hb = Narrow(_hb);
            if (_a0t is not null) _a0t = Narrow(_a0t);
            if (_bt0 is not null) _bt0 = Narrow(_bt0);
            for (int l = 1; l < layers; l++) { _wt[l] = Narrow(_wt[l]); _bias[l] = Narrow(_bias[l]); }
        }
    }

    /// <summary>The precision this ensemble computes in (<see cref="ServingPrecision.Auto"/> resolved).</summary>
    public ServingPrecision Precision { get; }

    /// <summary>A bfloat16 copy of a compiled tensor; the float32 one is freed.</summary>
    private static Tensor Narrow(Tensor t)
    {
        var narrow = t.to_type(ScalarType.BFloat16).contiguous().DetachFromDisposeScope();
        t.Dispose();
        return narrow;
    }

    /// <summary>The checkpoints this ensemble serves, in order.</summary>
    public IReadOnlyList<ExpertState> States { get; }

    public int Classes { get; }

    /// <summary>Averaged logits (count × classes) of the checkpoints on <paramref name="count"/> images.</summary>
    public float[] Logits(float[] pixels, int count)
    {
        if (count < 1 || pixels.Length < count * _inputs) throw new ArgumentException($"{pixels.Length} pixel values do not hold {count} images of {_inputs}", nameof(pixels));
        IntraOpThreads.Apply();
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            // The rows are padded with zero images to a bucketed count (see ServingRowBuckets); rows are independent,
            // so the first count rows of the result are the answer.
            int rows = ServingRowBuckets.RoundUp(count);
            var x = rows == count ? tensor(pixels.AsSpan(0, count * _inputs), new long[] { count, _inputs }) : Padded(pixels, count, rows);
            if (Precision == ServingPrecision.BFloat16) x = x.to_type(ScalarType.BFloat16);
            var z = x.matmul(_w0t).add(_b0);
            Tensor h = _a0t is null
                ? z.relu().unsqueeze(0).expand(_shards, rows, _hidden0).contiguous()
                : x.matmul(_a0t).view(rows, _shards, _rank0).permute(1, 0, 2).contiguous().bmm(_bt0!).add(z).relu();
            for (int l = 1; l < _wt.Length; l++) h = h.bmm(_wt[l]).add(_bias[l]).relu();
            var logits = h.bmm(_hwt).add(_hb).to_type(ScalarType.Float32).mean(0);
            return (rows == count ? logits : logits.narrow(0, 0, count)).data<float>().ToArray();
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>The count images followed by zero images up to rows, as a [rows, inputs] tensor.</summary>
    private Tensor Padded(float[] pixels, int count, int rows)
    {
        var buffer = ArrayPool<float>.Shared.Rent(rows * _inputs);
        try
        {
            pixels.AsSpan(0, count * _inputs).CopyTo(buffer);
            Array.Clear(buffer, count * _inputs, (rows - count) * _inputs);
            return tensor(buffer.AsSpan(0, rows * _inputs), new long[] { rows, _inputs });
        }
        finally { ArrayPool<float>.Shared.Return(buffer); }
    }

    private static LoRAFactors? Adapter(ExpertState s, int layer) => layer < s.Adapters.Count ? s.Adapters[layer] : null;

    private static Tensor Keep(Tensor t) => t.DetachFromDisposeScope();

    /// <summary>Frees the native tensors once no prediction is using them.</summary>
    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var t in new[] { _w0t, _b0, _a0t, _bt0, _hwt, _hb }.Concat(_wt).Concat(_bias)) t?.Dispose();
        }
        finally { _lock.ExitWriteLock(); }
    }
}
