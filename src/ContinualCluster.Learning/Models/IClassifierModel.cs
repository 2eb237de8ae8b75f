using ContinualCluster.Learning.Scenarios;

namespace ContinualCluster.Learning.Models;

/// <summary>A trainable classifier over image batches: the expert and selector networks of TAME implement it.</summary>
public interface IClassifierModel : IDisposable
{
    /// <summary>Number of outputs (classes).</summary>
    int Outputs { get; }

    /// <summary>All parameters, trainable or frozen, including masked (pruned) ones.</summary>
    long ParameterCount { get; }

    /// <summary>Parameters this model trains (for a LoRA expert: adapters and head only).</summary>
    long TrainableParameterCount { get; }

    /// <summary>Trainable parameters that are not zero (what remains after pruning).</summary>
    long NonZeroTrainableParameterCount();

    /// <summary>Mean cross-entropy on the batch, without gradient (evaluation mode).</summary>
    double Loss(LearnerBatch batch);

    /// <summary>One optimiser step on the batch; returns the loss before the step.</summary>
    double TrainStep(LearnerBatch batch);

    /// <summary>The network's outputs, N rows of <see cref="Outputs"/> values.</summary>
    float[] Scores(LearnerBatch batch);

    /// <summary>argmax of the outputs per sample.</summary>
    int[] Predict(LearnerBatch batch);

    /// <summary>Zeroes the given fraction of the trainable weights with the smallest magnitude (global L1, biases excluded); the mask holds through later training.</summary>
    void Prune(double fraction);

    /// <summary>Replaces the optimiser (fresh momentum) with one at this learning rate.</summary>
    void ResetOptimizer(double learningRate);
}
