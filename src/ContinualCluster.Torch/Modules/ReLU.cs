using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>The element-wise ReLU activation as a module.</summary>
public sealed class ReLU : nn.Module<Tensor, Tensor>
{
    public ReLU() : base(nameof(ReLU)) { }

    public override Tensor forward(Tensor input) => input.relu();
}
