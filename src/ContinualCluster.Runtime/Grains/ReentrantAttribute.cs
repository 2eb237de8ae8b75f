namespace ContinualCluster.Runtime;

/// <summary>On a grain class: its messages may interleave at await points (still one thread at a time).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute
{
}
