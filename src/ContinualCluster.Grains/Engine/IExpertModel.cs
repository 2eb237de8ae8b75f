using ContinualCluster.Abstractions.Api;
using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// The exactly-unlearnable serving model of one expert (S3T in Learning): sharded, sliced, sequence-trained; deletions
/// fall back to clean checkpoints synchronously and dead shards retrain in the background.
/// </summary>
public interface IExpertModel : IDisposable
{
    int Expert { get; }

    /// <summary>Records samples (placement into shard and slice) without training.</summary>
    void Add(IReadOnlyList<Sample> samples);

    /// <summary>Trains (or extends) the sequences on every recorded sample; blocking.</summary>
    void Train();

    /// <summary>True once Train has produced a served configuration.</summary>
    bool Trained { get; }

    /// <summary>True when trained and at least one shard serves a live checkpoint.</summary>
    bool Ready { get; }

    /// <summary>The checkpoints served now, captured once (null: not trained, or every shard is dead and retraining).</summary>
    IExpertServing? CurrentServing();

    /// <summary>Within-task labels for <paramref name="count"/> images, never one of <paramref name="excluded"/> (forgotten labels).</summary>
    int[] Predict(float[] pixels, int count, IReadOnlySet<int>? excluded = null);

    /// <summary>Deletes samples exactly; when it returns, no served checkpoint was influenced by them.</summary>
    ExpertDeletion Delete(IReadOnlyCollection<string> sampleIds);

    /// <summary>What each shard serves now.</summary>
    IReadOnlyList<ServedModel> Served { get; }

    /// <summary>Counts served checkpoints whose lineage holds any of <paramref name="deleted"/>.</summary>
    (int Checked, int Violations) CheckLineage(IReadOnlySet<string> deleted);

    /// <summary>Background retraining jobs running or queued.</summary>
    int RetrainingJobs { get; }

    /// <summary>Completes when no retraining is running or queued.</summary>
    Task WaitForRetrainingAsync(CancellationToken cancellationToken);
}
