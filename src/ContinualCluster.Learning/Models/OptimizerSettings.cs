namespace ContinualCluster.Learning.Models;

/// <summary>SGD settings for a model: learning rate, momentum and weight decay (TAME's: 0.1, 0.9, 5e-4).</summary>
public sealed record OptimizerSettings(double LearningRate = 0.1, double Momentum = 0.9, double WeightDecay = 5e-4)
{
    public void Validate()
    {
        if (!(LearningRate > 0)) throw new ArgumentException($"learning rate must be positive (was {LearningRate}).");
        if (Momentum is < 0 or >= 1) throw new ArgumentException($"momentum must be in [0, 1) (was {Momentum}).");
        if (WeightDecay < 0) throw new ArgumentException($"weight decay must be non-negative (was {WeightDecay}).");
    }
}
