using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>Work for one shard, prepared under the model's lock: which sequences to (re)train from which stage, on which data.</summary>
/// <remarks>From: Per sequence, the number of clean stages kept (training resumes at stage From+1); −1 means leave it alone.</remarks>
/// <remarks>Start: Per sequence, the state to resume from (null: a fresh head).</remarks>
/// <remarks>Slices: The shard's slices as they are now, by slice index (pixels copied when the job runs).</remarks>
internal sealed record ShardRetrainJob(
    int Shard,
    int Generation,
    int[] From,
    ExpertState?[] Start,
    IReadOnlyList<StageCheckpoint>[] Kept,
    SliceContents[] Slices);
