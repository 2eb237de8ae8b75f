namespace ContinualCluster.Grains.Engine;

/// <summary>What an activation took from the stored S3T checkpoints, and what it still had to train.</summary>
/// <param name="ShardsRestored">Shards serving a restored checkpoint at once.</param>
/// <param name="ShardsRefused">Shard records that were corrupt or foreign (logged; those shards retrain).</param>
/// <param name="ShardsMissing">Shards with no stored record (never persisted, or cleared when no clean stage was left).</param>
/// <param name="StagesRestored">Stage checkpoints installed.</param>
/// <param name="StagesDroppedDeleted">Stored stages dropped at load because their lineage held a deleted sample.</param>
/// <param name="StagesDroppedForeign">Stored stages dropped because their lineage held ids the replayed shard does not hold.</param>
/// <param name="ExpertsRetrained">Experts scheduled for a full training (nothing usable restored, or untrained samples waiting).</param>
/// <param name="ShardsRetrained">Dead or missing shards queued for background retraining.</param>
/// <param name="Milliseconds">Time spent reading, checking and installing the records.</param>
public sealed record CheckpointRecovery(
    int ShardsRestored,
    int ShardsRefused,
    int ShardsMissing,
    int StagesRestored,
    int StagesDroppedDeleted,
    int StagesDroppedForeign,
    int ExpertsRetrained,
    int ShardsRetrained,
    double Milliseconds);
