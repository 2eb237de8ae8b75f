using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>2-D convolution in one native call; weights initialised uniformly in ±1/√fan_in as PyTorch does.</summary>
public sealed class Conv2d : nn.Module<Tensor, Tensor>
{
    private readonly long[] _stride, _padding, _dilation;
    private readonly long _groups;
    private Parameter? _weight, _bias;

    public Conv2d(long in_channels, long out_channels, long kernelSize, long stride = 1, long padding = 0, long dilation = 1, long groups = 1, bool bias = true)
        : base(nameof(Conv2d))
    {
        if (in_channels <= 0 || out_channels <= 0 || kernelSize <= 0 || groups <= 0 || in_channels % groups != 0 || out_channels % groups != 0)
            throw new ArgumentException($"Conv2d({in_channels}, {out_channels}, kernel {kernelSize}, groups {groups}): invalid sizes");
        _stride = new[] { stride, stride };
        _padding = new[] { padding, padding };
        _dilation = new[] { dilation, dilation };
        _groups = groups;
        var fanIn = in_channels / groups * kernelSize * kernelSize;
        var bound = 1.0 / Math.Sqrt(fanIn);
        using (no_grad())
        {
            using var w = empty(new[] { out_channels, in_channels / groups, kernelSize, kernelSize });
            weight = new Parameter(w.uniform_(-bound, bound));
            if (bias)
            {
                using var b = empty(new[] { out_channels });
                this.bias = new Parameter(b.uniform_(-bound, bound));
            }
        }
    }

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

    /// <summary>Stride 1, no padding, no dilation, one group: the shape <see cref="nn.functional.conv2d_block"/> fuses.</summary>
    internal bool IsBlockShaped => _stride[0] == 1 && _stride[1] == 1 && _padding[0] == 0 && _padding[1] == 0 && _dilation[0] == 1 && _dilation[1] == 1 && _groups == 1;

    public override Tensor forward(Tensor input) => nn.functional.conv2d(input, weight, bias, _stride, _padding, _dilation, _groups);
}
