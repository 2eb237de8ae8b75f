using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>The element-wise Tanh activation as a module.</summary>
public sealed class Tanh : nn.Module<Tensor, Tensor>
{
    public Tanh() : base(nameof(Tanh)) { }

    public override Tensor forward(Tensor input) => input.tanh();
}
