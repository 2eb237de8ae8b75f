using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// Concept unlearning (O3 in Learning) for one stream: per expert, an unlearning adapter over that expert's served
/// model, trained on each request's data (then dropped), and a per-request OOD gate w(x).
/// </summary>
public interface IConceptUnlearner : IDisposable
{
    int Requests { get; }

    /// <summary>Experts that carry an unlearning adapter.</summary>
    IReadOnlyCollection<int> Experts { get; }

    /// <summary>Learns to forget the concept given by <paramref name="forget"/> (within-task labels) on <paramref name="model"/>.</summary>
    void Forget(int expert, IExpertModel model, IReadOnlyList<Sample> forget);

    /// <summary>The gate weight w(x) in [0, 1] of each image for <paramref name="expert"/>'s adapter.</summary>
    float[] Gate(int expert, float[] pixels, int count);

    /// <summary>Within-task labels from <paramref name="expert"/>'s gated (unlearned) model.</summary>
    int[] Predict(int expert, float[] pixels, int count);
}
