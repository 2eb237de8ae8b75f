namespace ContinualCluster.Runtime;

/// <summary>On a grain interface method: it does not change state, so it may interleave with other read-only calls.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute
{
}
