namespace ContinualCluster.Client.Report;

/// <summary>The prefix length one shard served after a given number of deletions.</summary>
public sealed record PrefixPoint(int Deletions, string Shard, int Prefix, int Slices);
