using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>2-D max pooling (stride defaults to the kernel size).</summary>
public sealed class MaxPool2d : nn.Module<Tensor, Tensor>
{
    private readonly long[] _kernel, _stride, _padding, _dilation;
    private readonly bool _ceil;

    public MaxPool2d(long kernel_size, long? stride = null, long? padding = null, long? dilation = null, bool ceil_mode = false) : base(nameof(MaxPool2d))
    {
        _kernel = new[] { kernel_size, kernel_size };
        _stride = new[] { stride ?? kernel_size, stride ?? kernel_size };
        _padding = new[] { padding ?? 0, padding ?? 0 };
        _dilation = new[] { dilation ?? 1, dilation ?? 1 };
        _ceil = ceil_mode;
    }

    /// <summary>The window size k when windows do not overlap (square k×k, stride k, no padding or dilation, floor mode), else null.</summary>
    internal long? NonOverlappingWindow =>
        _kernel[0] == _kernel[1] && _stride[0] == _kernel[0] && _stride[1] == _kernel[0] && _padding[0] == 0 && _padding[1] == 0 &&
        _dilation[0] == 1 && _dilation[1] == 1 && !_ceil ? _kernel[0] : null;

    public override Tensor forward(Tensor input) => nn.functional.max_pool2d(input, _kernel, _stride, _padding, _dilation, _ceil);
}
