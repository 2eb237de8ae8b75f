using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>Zeroes elements with probability p in training mode (scaling the rest by 1/(1-p)); identity in eval mode.</summary>
public sealed class Dropout : nn.Module<Tensor, Tensor>
{
    private readonly double _p;

    public Dropout(double p = 0.5) : base(nameof(Dropout))
    {
        if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
        _p = p;
    }

    public override Tensor forward(Tensor input) => nn.functional.dropout(input, _p, training);
}
