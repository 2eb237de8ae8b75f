using ContinualCluster.Grains.Engine;
using ContinualCluster.Learning.Unlearning.S3T;

namespace ContinualCluster.Grains.Learning;

// Durable checkpoints of the expert's S3T model (export after changes, lineage-checked restore on activation).
public sealed partial class ShardedExpertModel : ICheckpointedExpert
{
    public int Shards => _model.Options.Shards;

    public event Action<int>? ShardChanged
    {
        add => _model.ShardChanged += value;
        remove => _model.ShardChanged -= value;
    }

    public ShardCheckpointRecord? ExportShard(int shard, string owner) => _model.ExportShard(shard, owner);

    public ShardRestoreResult RestoreShard(ShardCheckpointRecord record, string owner, IReadOnlySet<string> deleted) =>
        _model.RestoreShard(record, owner, deleted);

    public void CompleteRestore(IReadOnlyCollection<int> retrain)
    {
        // Ready needs a served configuration with a live shard; with none restored the expert trains as before.
        if (_model.Served.Configuration.LiveShards > 0) _trained = true;
        _model.QueueRetraining(retrain);
    }

    public long StagesTrained => _model.StagesTrained;
}
