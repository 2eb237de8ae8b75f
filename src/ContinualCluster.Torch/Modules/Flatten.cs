using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>Flattens dimensions start_dim..end_dim into one (by default everything but the batch dimension).</summary>
public sealed class Flatten : nn.Module<Tensor, Tensor>
{
    private readonly long _start, _end;

    public Flatten(long startDim = 1, long endDim = -1) : base(nameof(Flatten)) => (_start, _end) = (startDim, endDim);

    public override Tensor forward(Tensor input) => input.flatten(_start, _end);
}
