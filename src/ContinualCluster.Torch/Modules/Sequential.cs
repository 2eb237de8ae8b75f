using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>Applies its modules in order; intermediate results are disposed as soon as the next one is computed.</summary>
public sealed class Sequential : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> _layers = new();

    public Sequential(params (string name, nn.Module<Tensor, Tensor> module)[] modules) : base(nameof(Sequential))
    {
        foreach (var (n, m) in modules) append(n, m);
    }

    public Sequential(params nn.Module<Tensor, Tensor>[] modules) : base(nameof(Sequential))
    {
        foreach (var m in modules) append(m);
    }

    public int Count => _layers.Count;

    public nn.Module<Tensor, Tensor> this[int index] => _layers[index];

    public Sequential append(nn.Module<Tensor, Tensor> module) => append(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);

    public Sequential append(string name, nn.Module<Tensor, Tensor> module)
    {
        register_module(name, module);
        _layers.Add(module);
        return this;
    }

    public override Tensor forward(Tensor input)
    {
        if (_layers.Count == 0) return input.alias();
        var x = _layers[0].call(input);
        for (var i = 1; i < _layers.Count; i++)
        {
            var next = _layers[i].call(x);
            if (!ReferenceEquals(next, x)) x.Dispose();
            x = next;
        }
        return x;
    }
}
