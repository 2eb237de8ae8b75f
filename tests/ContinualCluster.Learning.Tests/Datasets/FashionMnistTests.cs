using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Learning.Tests.Datasets;

public sealed class FashionMnistTests
{
    [Fact]
    public void RealTestSplitHasTheDocumentedShapeAndBalancedClasses()
    {
        var ds = FashionMnist.Load(FashionMnistSplit.Test);
        Assert.Equal(10_000, ds.Count);
        Assert.Equal(28, ds.Height);
        Assert.Equal(28, ds.Width);
        Assert.Equal(10, ds.ClassCount);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(1000, ds.Labels.Count(l => l == c)));
        Assert.Equal("test-000123", ds.Ids[123]);
        Assert.Equal(123, ds.IndexOf("test-000123"));
        var owners = ds.Owners.Distinct().Count();
        Assert.InRange(owners, 990, 1000);
        Assert.Same(ds, FashionMnist.Load(FashionMnistSplit.Test));
    }

    [Fact]
    public void SubsetKeepsIdsOwnersAndPixels()
    {
        var ds = SyntheticImages.Create(3, 10, 8, 8, seed: 1);
        var sub = ds.Subset([5, 2, 9]);
        Assert.Equal([ds.Ids[5], ds.Ids[2], ds.Ids[9]], sub.Ids);
        Assert.Equal([ds.Owners[5], ds.Owners[2], ds.Owners[9]], sub.Owners);
        Assert.True(sub.Image(1).SequenceEqual(ds.Image(2)));
        Assert.Throws<ArgumentException>(() => ds.Subset([1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.Subset([30]));
    }
}
