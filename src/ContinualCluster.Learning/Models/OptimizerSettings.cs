namespace ContinualCluster.Learning.Models;

/// <summary>SGD settings for a model: learning rate, momentum and weight decay (TAME's: 0.1, 0.9, 5e-4), and optional weight averaging.</summary>
/// <param name="LearningRate">SGD step size.</param>
/// <param name="Momentum">SGD momentum in [0, 1).</param>
/// <param name="WeightDecay">L2 penalty added to the gradient.</param>
/// <param name="AverageDecay">0 (TAME): predictions use the trained weights. In (0, 1): the model keeps an exponential moving average
/// of its trained weights (decay min(d, (1 + t)/(10 + t)) at step t) and <see cref="IClassifierModel.Scores"/> and
/// <see cref="IClassifierModel.Predict"/> use it; losses and training steps always use the trained weights. The averaged values
/// are swapped into the parameters for the forward pass, so, like training, a prediction must not run beside another call on the same model.</param>
public sealed record OptimizerSettings(double LearningRate = 0.1, double Momentum = 0.9, double WeightDecay = 5e-4, double AverageDecay = 0)
{
    public void Validate()
    {
        if (!(LearningRate > 0)) throw new ArgumentException($"learning rate must be positive (was {LearningRate}).");
        if (Momentum is < 0 or >= 1) throw new ArgumentException($"momentum must be in [0, 1) (was {Momentum}).");
        if (WeightDecay < 0) throw new ArgumentException($"weight decay must be non-negative (was {WeightDecay}).");
        if (AverageDecay is < 0 or >= 1) throw new ArgumentException($"weight averaging decay must be in [0, 1) (was {AverageDecay}).");
    }
}
