namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>What one shard serves: the sequence and prefix length of its checkpoint (prefix 0: dead, serves nothing).</summary>
public sealed record ShardServing(int Shard, int Sequence, int Prefix, int Generation)
{
    /// <summary>True when the shard contributes to predictions.</summary>
    public bool IsLive => Prefix > 0;
}
