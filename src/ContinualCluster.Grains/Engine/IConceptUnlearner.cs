using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Grains.Engine;

/// <summary>Concept unlearning (O3 in Learning): adapters trained on a request's data and a per-request OOD gate.</summary>
public interface IConceptUnlearner : IDisposable
{
    int Requests { get; }

    /// <summary>Learns to forget the concept given by <paramref name="forget"/>; the raw data is not kept afterwards.</summary>
    void Forget(IReadOnlyList<Sample> forget);

    /// <summary>The gate weight w(x) in [0, 1] for each image (0 when nothing was forgotten).</summary>
    float[] Gate(float[] pixels, int count);

    /// <summary>Global labels for images under the unlearning adapters weighted by their gate, or null where the gate is closed.</summary>
    int[] PredictForgotten(float[] pixels, int count);
}
