namespace ContinualCluster.Runtime;

/// <summary>On a grain class: the placement policy that picks a silo for its new activations.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public abstract class PlacementAttribute : Attribute
{
}
