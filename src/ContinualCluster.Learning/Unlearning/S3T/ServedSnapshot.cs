using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>An immutable view of what is served: the configuration and, per shard, the checkpoint chain in use (null: dead).</summary>
public sealed record ServedSnapshot(ServedConfiguration Configuration, IReadOnlyList<IReadOnlyList<StageCheckpoint>?> Chains)
{
    /// <summary>The states whose logits are averaged: the last checkpoint of every live shard's chain.</summary>
    public IEnumerable<ExpertState> LiveStates => Chains.Where(c => c is { Count: > 0 }).Select(c => c![^1].State);
}
