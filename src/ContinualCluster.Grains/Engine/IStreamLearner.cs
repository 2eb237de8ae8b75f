using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// The task-agnostic part the stream grain delegates to (TAME in Learning): switch detection, expert training for
/// detection, the selector and its buffer. Labels passed in are within-task labels.
/// </summary>
public interface IStreamLearner : IDisposable
{
    int Experts { get; }

    /// <summary>Detects a switch, trains the chosen expert one step, fills the selector buffer; may hold the batch for confirmation.</summary>
    StreamStep Observe(IReadOnlyList<Sample> batch);

    /// <summary>Resolves a held batch (end of stream, or before training experts); empty when nothing is held.</summary>
    IReadOnlyList<ExpertAssignment> FlushPending();

    /// <summary>The expert each image is routed to by the selector, among <paramref name="allowed"/> (experts that serve).</summary>
    int[] Route(float[] pixels, int count, IReadOnlySet<int> allowed);

    /// <summary>Retrains the selector on its buffer (after expert changes and deletions).</summary>
    void TrainSelector();

    /// <summary>Drops deleted samples from the selector buffer; returns how many were in it.</summary>
    int RemoveFromSelectorBuffer(IReadOnlySet<string> ids);

    /// <summary>Ids currently in the selector buffer (its lineage).</summary>
    IReadOnlyCollection<string> SelectorBufferIds { get; }
}
