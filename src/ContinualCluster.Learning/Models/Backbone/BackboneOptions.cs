namespace ContinualCluster.Learning.Models.Backbone;

/// <summary>Shape and pretraining of the frozen backbone: an MLP whose linear layers carry LoRA adapters, grouped into blocks.</summary>
public sealed class BackboneOptions
{
    /// <summary>Flattened input size (28×28 for Fashion-MNIST).</summary>
    public int InputSize { get; set; } = 784;

    /// <summary>Output width of each backbone layer, bottom to top (each layer is Linear + ReLU).</summary>
    public int[] HiddenSizes { get; set; } = [256, 256, 256, 256];

    /// <summary>Consecutive layers per LoRA block; blocks are numbered from the top (block 1 = the top layers).</summary>
    public int LayersPerBlock { get; set; } = 1;

    public int LoRARank { get; set; } = 8;
    public double LoRAAlpha { get; set; } = 16;

    /// <summary>Samples of the public split used for pretraining (the first N of the Fashion-MNIST train file by default).</summary>
    public int PretrainSamples { get; set; } = 10_000;

    public int PretrainEpochs { get; set; } = 8;
    public int PretrainBatchSize { get; set; } = 128;
    public double PretrainLearningRate { get; set; } = 1e-3;
    public int Seed { get; set; } = 1234;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (InputSize < 1) throw new ArgumentException($"InputSize must be ≥ 1, got {InputSize}", nameof(InputSize));
        if (HiddenSizes is null || HiddenSizes.Length == 0 || HiddenSizes.Any(h => h < 1))
            throw new ArgumentException("HiddenSizes must list at least one positive width", nameof(HiddenSizes));
        if (LayersPerBlock < 1 || HiddenSizes.Length % LayersPerBlock != 0)
            throw new ArgumentException($"LayersPerBlock ({LayersPerBlock}) must divide the {HiddenSizes.Length} layers", nameof(LayersPerBlock));
        if (LoRARank < 1) throw new ArgumentException($"LoRARank must be ≥ 1, got {LoRARank}", nameof(LoRARank));
        if (!(LoRAAlpha > 0)) throw new ArgumentException($"LoRAAlpha must be > 0, got {LoRAAlpha}", nameof(LoRAAlpha));
        if (PretrainSamples < 1) throw new ArgumentException($"PretrainSamples must be ≥ 1, got {PretrainSamples}", nameof(PretrainSamples));
        if (PretrainEpochs < 0) throw new ArgumentException($"PretrainEpochs must be ≥ 0, got {PretrainEpochs}", nameof(PretrainEpochs));
        if (PretrainBatchSize < 1) throw new ArgumentException($"PretrainBatchSize must be ≥ 1, got {PretrainBatchSize}", nameof(PretrainBatchSize));
        if (!(PretrainLearningRate > 0)) throw new ArgumentException($"PretrainLearningRate must be > 0, got {PretrainLearningRate}", nameof(PretrainLearningRate));
    }
}
