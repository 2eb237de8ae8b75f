namespace ContinualCluster.Learning.Models.Backbone;

/// <summary>How the LoRA expert trainer trains adapters and head: epochs, batch size, Adam learning rate.</summary>
public sealed class ExpertTrainingOptions
{
    public int Epochs { get; set; } = 3;
    public int BatchSize { get; set; } = 64;
    public double LearningRate { get; set; } = 2e-3;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"Epochs must be ≥ 1, got {Epochs}", nameof(Epochs));
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be ≥ 1, got {BatchSize}", nameof(BatchSize));
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentException($"LearningRate must be a positive number, got {LearningRate}", nameof(LearningRate));
    }
}
