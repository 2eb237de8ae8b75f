using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>y = x Wᵀ + b, in one native call; W is out×in, initialised uniformly in ±1/√in as PyTorch does.</summary>
public sealed class Linear : nn.Module<Tensor, Tensor>
{
    public Linear(long inputSize, long outputSize, bool hasBias = true) : base(nameof(Linear))
    {
        if (inputSize <= 0 || outputSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"Linear({inputSize}, {outputSize}): sizes must be positive");
        in_features = inputSize;
        out_features = outputSize;
        var bound = 1.0 / Math.Sqrt(inputSize);
        using (no_grad())
        {
            using var w = empty(new[] { outputSize, inputSize });
            weight = new Parameter(w.uniform_(-bound, bound));
            if (hasBias)
            {
                using var b = empty(new[] { outputSize });
                bias = new Parameter(b.uniform_(-bound, bound));
            }
        }
    }

    public long in_features { get; }

    public long out_features { get; }

    public Parameter weight
    {
        get => _weight!;
        set { _weight = value; register_parameter(nameof(weight), value); }
    }

    public Parameter? bias
    {
        get => _bias;
        set { _bias = value; register_parameter(nameof(bias), value); }
    }

    private Parameter? _weight;
    private Parameter? _bias;

    public override Tensor forward(Tensor input) => nn.functional.linear(input, weight, bias);
}
