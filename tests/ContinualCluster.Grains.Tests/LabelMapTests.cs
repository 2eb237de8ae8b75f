using ContinualCluster.Grains.Engine;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>Within-task labels map back to the global class each expert saw most under them.</summary>
public sealed class LabelMapTests
{
    [Fact]
    public void Maps_each_expert_back_to_its_own_classes()
    {
        var map = new LabelMap(2);
        foreach (var g in new[] { 2, 3, 3, 2 }) map.Observe(1, g);
        foreach (var g in new[] { 6, 7, 7 }) map.Observe(3, g);
        map.Observe(3, 1);
        Assert.Equal(1, map.Local(7));
        Assert.Equal(2, map.Global(1, 0));
        Assert.Equal(3, map.Global(1, 1));
        Assert.Equal(6, map.Global(3, 0));
        Assert.Equal(7, map.Global(3, 1));
        Assert.Equal(1, map.Global(9, 1));
    }
}
