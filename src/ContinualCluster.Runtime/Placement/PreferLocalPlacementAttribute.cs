namespace ContinualCluster.Runtime;

/// <summary>Places an activation on the calling silo when it hosts grains, otherwise by hash.</summary>
public sealed class PreferLocalPlacementAttribute : PlacementAttribute
{
}
