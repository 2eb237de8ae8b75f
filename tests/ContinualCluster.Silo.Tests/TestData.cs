using ContinualCluster.Abstractions.Api;
using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Silo.Tests;

/// <summary>Small Split Fashion-MNIST pieces for API tests: a task's samples with unique ids, owners and global labels.</summary>
public static class TestData
{
    private static readonly Lazy<ImageDataset> Train = new(() => FashionMnist.Load(FashionMnistSplit.Train));
    private static readonly Lazy<ImageDataset> Test = new(() => FashionMnist.Load(FashionMnistSplit.Test));

    /// <summary><paramref name="count"/> training samples of task <paramref name="task"/> (classes 2t, 2t+1), past the held-out split.</summary>
    public static SampleDto[] Task(int task, int count, int skip = 0)
    {
        var d = Train.Value;
        return d.IndicesOfClasses(new[] { 2 * task, 2 * task + 1 }).Where(i => i >= 10_000).Skip(skip).Take(count)
            .Select(i => new SampleDto(d.Ids[i], d.Owners[i], d.Labels[i], d.Image(i).ToArray())).ToArray();
    }

    public static (float[][] Images, int[] Labels) TestImages(int task, int count)
    {
        var d = Test.Value;
        var idx = d.IndicesOfClasses(new[] { 2 * task, 2 * task + 1 }).Take(count).ToArray();
        return (idx.Select(i => d.Image(i).ToArray()).ToArray(), idx.Select(i => d.Labels[i]).ToArray());
    }
}
