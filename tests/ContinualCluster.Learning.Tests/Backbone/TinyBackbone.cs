using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Learning.Tests.Backbone;

/// <summary>A small backbone (14×14 inputs, four 32-wide layers, one per block) pretrained once on synthetic images, shared by tests.</summary>
internal static class TinyBackbone
{
    private static readonly Lazy<FrozenBackbone> Shared = new(() =>
        FrozenBackbone.Pretrain(SyntheticImages.Create(4, 100, 14, 14, seed: 11, idPrefix: "pub"), Options()));

    public static FrozenBackbone Instance => Shared.Value;

    public static BackboneOptions Options() => new()
    {
        InputSize = 196, HiddenSizes = [32, 32, 32, 32], LayersPerBlock = 1, LoRARank = 4, LoRAAlpha = 8,
        PretrainSamples = 400, PretrainEpochs = 3, PretrainBatchSize = 32, Seed = 5,
    };

    /// <summary>A labelled task set of <paramref name="classes"/> synthetic classes, as samples.</summary>
    public static IReadOnlyList<Sample> Task(int classes, int perClass, int seed, string prefix = "tsk", int owners = 20)
    {
        var d = SyntheticImages.Create(classes, perClass, 14, 14, seed: seed, noise: 0.3f, ownerCount: owners, idPrefix: prefix);
        return Enumerable.Range(0, d.Count).Select(d.GetSample).ToList();
    }
}
