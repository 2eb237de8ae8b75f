using ContinualCluster.Learning.Unlearning.S3T;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// An expert model whose stage checkpoints can be kept durably: it exports a shard's clean checkpoints after every
/// change (announced by <see cref="ShardChanged"/>) and restores them, lineage-checked, on activation.
/// </summary>
public interface ICheckpointedExpert
{
    int Expert { get; }

    /// <summary>m, the shards whose records make up the expert.</summary>
    int Shards { get; }

    /// <summary>Raised with a shard index when its exportable state changed (training installed, deletion truncated); handlers only enqueue.</summary>
    event Action<int>? ShardChanged;

    /// <summary>The shard's clean checkpoints and coverage now, or null when it has nothing clean to keep.</summary>
    ShardCheckpointRecord? ExportShard(int shard, string owner);

    /// <summary>Installs a stored record after the expert's samples were replayed (refused whole if foreign; lineage-filtered per stage).</summary>
    ShardRestoreResult RestoreShard(ShardCheckpointRecord record, string owner, IReadOnlySet<string> deleted);

    /// <summary>Ends a restore: the expert serves what was restored; <paramref name="retrain"/> lists dead shards to retrain in the background.</summary>
    void CompleteRestore(IReadOnlyCollection<int> retrain);

    /// <summary>Stage trainings this expert has run (restores run none).</summary>
    long StagesTrained { get; }
}
