namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>An immutable description of what the model serves: per shard, the checkpoint in use. Each change bumps the version.</summary>
public sealed record ServedConfiguration(long Version, IReadOnlyList<ShardServing> Shards)
{
    /// <summary>The number of shards whose predictions are averaged.</summary>
    public int LiveShards => Shards.Count(s => s.IsLive);

    /// <summary>A compact description such as "v7 [0:s1p3 1:dead …]".</summary>
    public override string ToString() =>
        $"v{Version} [" + string.Join(' ', Shards.Select(s => s.IsLive ? $"{s.Shard}:s{s.Sequence}p{s.Prefix}" : $"{s.Shard}:dead")) + "]";
}
