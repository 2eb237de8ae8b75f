namespace ContinualCluster.Runtime.Invocation;

/// <summary>How a grain method may interleave with other calls on the same activation.</summary>
[Flags]
public enum RequestFlags
{
    None = 0,
    ReadOnly = 1,
    AlwaysInterleave = 2,
}
