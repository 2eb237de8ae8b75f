using static ContinualCluster.Torch.torch;
using N = ContinualCluster.Torch.Interop.NativeMethods;

namespace ContinualCluster.Torch.Modules;

/// <summary>
/// A linear layer with a low-rank adapter: y = x Wᵀ + b + (α/r)·x Aᵀ Bᵀ. W and b are frozen; A (r×in) starts random,
/// B (out×r) starts at zero, so a fresh adapter changes nothing. The adapter can be disabled, merged into W and unmerged.
/// </summary>
public sealed class LoRALinear : nn.Module<Tensor, Tensor>
{
    private Parameter _weight, _a, _b;
    private Parameter? _bias;

    /// <summary>Wraps <paramref name="baseLayer"/>'s weight and bias (shared, frozen) with a new rank-<paramref name="rank"/> adapter.</summary>
    public LoRALinear(Linear baseLayer, int rank, double alpha) : base(nameof(LoRALinear))
    {
        ArgumentNullException.ThrowIfNull(baseLayer);
        if (rank <= 0) throw new ArgumentOutOfRangeException(nameof(rank), rank, "LoRA rank must be positive");
        in_features = baseLayer.in_features;
        out_features = baseLayer.out_features;
        this.rank = rank;
        this.alpha = alpha;
        scaling = alpha / rank;
        _weight = baseLayer.weight;
        _weight.requires_grad = false;
        _bias = baseLayer.bias;
        if (_bias is not null) _bias.requires_grad = false;
        var bound = 1.0 / Math.Sqrt(in_features);
        using (no_grad())
        {
            using var a = empty(new[] { (long)rank, in_features });
            _a = new Parameter(a.uniform_(-bound, bound));
            using var b = zeros(new[] { out_features, (long)rank });
            _b = new Parameter(b);
        }
        register_parameter("weight", _weight);
        if (_bias is not null) register_parameter("bias", _bias);
        register_parameter("lora_A", _a);
        register_parameter("lora_B", _b);
    }

    public LoRALinear(long inputSize, long outputSize, int rank, double alpha, bool hasBias = true)
        : this(new Linear(inputSize, outputSize, hasBias), rank, alpha) { }

    public long in_features { get; }
    public long out_features { get; }
    public int rank { get; }
    public double alpha { get; }

    /// <summary>α / r, the factor applied to the adapter's output.</summary>
    public double scaling { get; }

    /// <summary>True while the adapter contributes to the output.</summary>
    public bool Enabled { get; private set; } = true;

    /// <summary>True while the adapter is folded into the base weight.</summary>
    public bool Merged { get; private set; }

    public Parameter weight => _weight;
    public Parameter? bias => _bias;
    public Parameter lora_A => _a;
    public Parameter lora_B => _b;

    public void enable() => Enabled = true;

    public void disable()
    {
        if (Merged) throw new InvalidOperationException("LoRALinear.disable: the adapter is merged into the base weight; unmerge it first");
        Enabled = false;
    }

    /// <summary>W += (α/r)·B·A; the forward pass then uses W alone.</summary>
    public void merge()
    {
        if (Merged) throw new InvalidOperationException("LoRALinear.merge: the adapter is already merged");
        Tensor.Check(N.cc_nn_lora_merge(_weight.H("lora_merge"), _a.H("lora_merge"), _b.H("lora_merge"), scaling), "lora_merge", _weight, _a, _b);
        Merged = true;
    }

    /// <summary>W -= (α/r)·B·A, restoring the base weight (up to float rounding).</summary>
    public void unmerge()
    {
        if (!Merged) throw new InvalidOperationException("LoRALinear.unmerge: the adapter is not merged");
        Tensor.Check(N.cc_nn_lora_merge(_weight.H("lora_unmerge"), _a.H("lora_unmerge"), _b.H("lora_unmerge"), -scaling), "lora_unmerge", _weight, _a, _b);
        Merged = false;
    }

    public override Tensor forward(Tensor input) =>
        Tensor.R(N.cc_nn_lora_linear(input.H("lora_linear"), _weight.H("lora_linear"), Tensor.HOpt(_bias, "lora_linear"), _a.H("lora_linear"), _b.H("lora_linear"),
            scaling, Enabled && !Merged), "lora_linear", input, _weight, _a);
}
