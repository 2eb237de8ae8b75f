using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>log(softmax(x)) along a dimension.</summary>
public sealed class LogSoftmax : nn.Module<Tensor, Tensor>
{
    private readonly long _dim;

    public LogSoftmax(long dim) : base(nameof(LogSoftmax)) => _dim = dim;

    public override Tensor forward(Tensor input) => input.log_softmax(_dim);
}
