using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Torch;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Models;

/// <summary>A task expert made of LoRA adapters and a head on the shared frozen backbone (raw pixels in [0,1], no padding);
/// only the adapters and the head train.</summary>
public sealed class LoRAExpert : TorchClassifier
{
    private readonly LoRAExpertModule _module;

    public LoRAExpert(FrozenBackbone backbone, int outputs, IReadOnlyCollection<int>? adaptedLayers = null, OptimizerSettings? optimizer = null)
        : base(outputs, new InputEncoding(Padding: 0, Mean: 0f, Std: 1f), optimizer ?? new OptimizerSettings())
    {
        ArgumentNullException.ThrowIfNull(backbone);
        _module = new LoRAExpertModule(backbone, adaptedLayers ?? Enumerable.Range(0, backbone.Layers).ToArray(), outputs);
    }

    /// <summary>The shared backbone's parameters are not this expert's: it counts adapters and head only.</summary>
    public long BackboneParameters => _module.Backbone.WeightArrays.Sum(w => (long)w.Length) + _module.Backbone.BiasArrays.Sum(b => (long)b.Length);

    protected override nn.Module Network => _module;

    protected override Tensor Forward(Tensor input)
    {
        long n = input.shape[1] * input.shape[2] * input.shape[3];
        if (n != _module.Backbone.InputSize)
            throw new ArgumentException($"the backbone takes {_module.Backbone.InputSize} values per image, got {n}.");
        return _module.Forward(input.reshape(input.shape[0], n));
    }
}
