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

    /// <summary>
    /// Drops <paramref name="expert"/>'s adapter and gates (its base checkpoint lost a sample to a deletion) and returns
    /// a generation number; <see cref="Rebuild"/> installs a rebuilt adapter only if no later reset happened.
    /// </summary>
    long Reset(int expert);

    /// <summary>Trains a fresh adapter for <paramref name="expert"/> over <paramref name="model"/>'s clean served checkpoint on
    /// every earlier request's data, in order, and installs it when <paramref name="generation"/> is still current.</summary>
    bool Rebuild(int expert, IExpertModel model, IReadOnlyList<IReadOnlyList<Sample>> requests, long generation);

    /// <summary>The gate weight w(x) in [0, 1] of each image for <paramref name="expert"/>'s adapter.</summary>
    float[] Gate(int expert, float[] pixels, int count);

    /// <summary>Within-task labels from <paramref name="expert"/>'s gated (unlearned) model; -1 each when its adapter was reset meanwhile.</summary>
    int[] Predict(int expert, float[] pixels, int count);
}
