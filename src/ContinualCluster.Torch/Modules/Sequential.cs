using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>Applies its modules in order; intermediate results are disposed as soon as the next one is computed.</summary>
/// <remarks>
/// A run Conv2d (stride 1, no padding, one group) → ReLU/Sigmoid/Tanh (optional) → MaxPool2d (non-overlapping,
/// optional) is computed by <see cref="nn.functional.conv2d_block"/> in one native call and one autograd node, with the
/// same parameters; set <see cref="FuseConvBlocks"/> to false to run the layers one by one.
/// </remarks>
public sealed class Sequential : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> _layers = new();
    private Step[]? _plan;

    public Sequential(params (string name, nn.Module<Tensor, Tensor> module)[] modules) : base(nameof(Sequential))
    {
        foreach (var (n, m) in modules) append(n, m);
    }

    public Sequential(params nn.Module<Tensor, Tensor>[] modules) : base(nameof(Sequential))
    {
        foreach (var m in modules) append(m);
    }

    public int Count => _layers.Count;

    /// <summary>Whether convolution blocks run fused (default true; the results differ from layer-by-layer only by float rounding).</summary>
    public bool FuseConvBlocks { get; set; } = true;

    public nn.Module<Tensor, Tensor> this[int index] => _layers[index];

    public Sequential append(nn.Module<Tensor, Tensor> module) => append(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);

    public Sequential append(string name, nn.Module<Tensor, Tensor> module)
    {
        register_module(name, module);
        _layers.Add(module);
        _plan = null;
        return this;
    }

    public override Tensor forward(Tensor input)
    {
        if (_layers.Count == 0) return input.alias();
        var plan = FuseConvBlocks ? _plan ??= Plan(_layers) : null;
        var x = input;
        for (var i = 0; i < _layers.Count;)
        {
            Tensor next;
            if (plan is not null && plan[i].Layers > 1)
            {
                var conv = (Conv2d)_layers[i];
                next = nn.functional.conv2d_block(x, conv.weight, conv.bias, plan[i].Activation, plan[i].Pool);
                i += plan[i].Layers;
            }
            else next = _layers[i++].call(x);
            if (!ReferenceEquals(next, x) && !ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }
        return x;
    }

    /// <summary>For each layer index, how many layers starting there run as one fused block (1: the layer alone).</summary>
    private static Step[] Plan(List<nn.Module<Tensor, Tensor>> layers)
    {
        var plan = new Step[layers.Count];
        for (var i = 0; i < layers.Count; i++)
        {
            plan[i] = new Step(1, nn.ConvBlockActivation.None, 1);
            if (layers[i] is not Conv2d { IsBlockShaped: true }) continue;
            var j = i + 1;
            var act = j < layers.Count ? Activation(layers[j]) : null;
            if (act is not null) j++;
            long pool = 1;
            if (j < layers.Count && layers[j] is MaxPool2d { NonOverlappingWindow: { } k } && k <= 15)
            {
                pool = k;
                j++;
            }
            if (j - i > 1) plan[i] = new Step(j - i, act ?? nn.ConvBlockActivation.None, pool);
        }
        return plan;
    }

    private static nn.ConvBlockActivation? Activation(nn.Module<Tensor, Tensor> m) => m switch
    {
        ReLU => nn.ConvBlockActivation.ReLU,
        Sigmoid => nn.ConvBlockActivation.Sigmoid,
        Tanh => nn.ConvBlockActivation.Tanh,
        _ => null,
    };

    private readonly record struct Step(int Layers, nn.ConvBlockActivation Activation, long Pool);
}
