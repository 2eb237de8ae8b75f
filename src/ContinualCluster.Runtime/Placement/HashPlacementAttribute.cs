namespace ContinualCluster.Runtime;

/// <summary>Places activations by consistent hashing of the grain id over the live silos (the default).</summary>
public sealed class HashPlacementAttribute : PlacementAttribute
{
}
