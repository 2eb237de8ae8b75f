using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>softmax(x) along a dimension.</summary>
public sealed class Softmax : nn.Module<Tensor, Tensor>
{
    private readonly long _dim;

    public Softmax(long dim) : base(nameof(Softmax)) => _dim = dim;

    public override Tensor forward(Tensor input) => input.softmax(_dim);
}
