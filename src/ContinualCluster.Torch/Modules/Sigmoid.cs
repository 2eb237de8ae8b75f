using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>The element-wise Sigmoid activation as a module.</summary>
public sealed class Sigmoid : nn.Module<Tensor, Tensor>
{
    public Sigmoid() : base(nameof(Sigmoid)) { }

    public override Tensor forward(Tensor input) => input.sigmoid();
}
