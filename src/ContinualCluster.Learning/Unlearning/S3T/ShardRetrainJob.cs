using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>Work for one shard, prepared under the model's lock: which sequences to (re)train from which stage, on which data.</summary>
/// <remarks>
/// From: per sequence, the number of clean stages kept (training resumes at stage From+1), −1 to leave it alone.
/// Start: per sequence, the state to resume from (null: a fresh head). Kept: the checkpoints of the kept stages.
/// Slices: the shard's slices as they are now, by slice index (pixels are copied when the job runs).
/// </remarks>
internal sealed record ShardRetrainJob(
    int Shard,
    int Generation,
    int[] From,
    ExpertState?[] Start,
    IReadOnlyList<StageCheckpoint>[] Kept,
    SliceContents[] Slices);
