using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Learning.Models;

/// <summary>Creates LoRA experts (adapters on the chosen layers + head) on one shared frozen backbone.</summary>
public sealed class LoRAExpertFactory(FrozenBackbone backbone, IReadOnlyCollection<int>? adaptedLayers = null) : IClassifierFactory
{
    public FrozenBackbone Backbone { get; } = backbone ?? throw new ArgumentNullException(nameof(backbone));

    public IReadOnlyCollection<int> AdaptedLayers { get; } = adaptedLayers ?? Enumerable.Range(0, backbone.Layers).ToArray();

    public string Name => $"lora-r{Backbone.Options.LoRARank}x{AdaptedLayers.Count}";

    public IClassifierModel Create(int outputs, OptimizerSettings optimizer) => new LoRAExpert(Backbone, outputs, AdaptedLayers, optimizer);
}
