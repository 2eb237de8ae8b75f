namespace ContinualCluster.Runtime;

/// <summary>On a grain interface method: it may interleave with any other call (use for status queries and cancellation).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute
{
}
