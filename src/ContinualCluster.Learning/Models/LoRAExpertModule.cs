using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Torch;
using ContinualCluster.Torch.Modules;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Models;

/// <summary>The trainable part of a LoRA expert as a module: per adapted backbone layer the factors A (r×in, uniform ±1/√in) and B (out×r, zero), and a linear head.</summary>
public sealed class LoRAExpertModule : nn.Module
{
    private readonly Parameter?[] _a;
    private readonly Parameter?[] _b;

    public LoRAExpertModule(FrozenBackbone backbone, IReadOnlyCollection<int> adaptedLayers, int outputs) : base(nameof(LoRAExpertModule))
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(adaptedLayers);
        if (adaptedLayers.Any(l => l < 0 || l >= backbone.Layers))
            throw new ArgumentOutOfRangeException(nameof(adaptedLayers), $"adapted layers must be in 0..{backbone.Layers - 1}.");
        Backbone = backbone;
        _a = new Parameter?[backbone.Layers];
        _b = new Parameter?[backbone.Layers];
        int r = backbone.Options.LoRARank;
        using (no_grad())
        {
            foreach (var l in adaptedLayers.Distinct().Order())
            {
                int inF = backbone.InFeatures(l), outF = backbone.OutFeatures(l);
                using var a = empty(new long[] { r, inF });
                _a[l] = new Parameter(a.uniform_(-1 / Math.Sqrt(inF), 1 / Math.Sqrt(inF)));
                using var b = zeros(new long[] { outF, r });
                _b[l] = new Parameter(b);
                register_parameter($"a{l}", _a[l]);
                register_parameter($"b{l}", _b[l]);
            }
        }
        Head = nn.Linear(backbone.FeatureSize, outputs);
        register_module("head", Head);
    }

    public FrozenBackbone Backbone { get; }

    public Linear Head { get; }

    /// <summary>Logits for flattened raw-pixel input [N, InputSize].</summary>
    public Tensor Forward(Tensor x)
    {
        var adapters = new LayerAdapter?[Backbone.Layers];
        for (int l = 0; l < adapters.Length; l++)
            if (_a[l] is { } a) adapters[l] = new LayerAdapter(a, _b[l]!, Backbone.LoRAScale);
        return Head.call(Backbone.Forward(x, adapters));
    }
}
