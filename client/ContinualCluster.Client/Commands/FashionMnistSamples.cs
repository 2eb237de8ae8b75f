using ContinualCluster.Abstractions.Api;
using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Client.Commands;

/// <summary>Turns Fashion-MNIST into gateway samples: Split Fashion-MNIST as one stream of 5 two-class tasks, in task order.</summary>
public static class FashionMnistSamples
{
    public const int Tasks = 5;

    public static int[] ClassesOf(int task) => new[] { 2 * task, 2 * task + 1 };

    /// <summary>perTask training samples of each task, shuffled within the task; tasks follow each other, no task label is sent.</summary>
    public static List<SampleDto> SplitStream(int perTask, int seed)
    {
        if (perTask < 1) throw new ArgumentException($"--per-task must be at least 1 (was {perTask})");
        var train = FashionMnist.Load(FashionMnistSplit.Train);
        var rng = new Random(seed);
        var list = new List<SampleDto>(perTask * Tasks);
        for (int t = 0; t < Tasks; t++)
        {
            var idx = train.IndicesOfClasses(ClassesOf(t));
            rng.Shuffle(idx);
            foreach (int i in idx.Take(perTask))
                list.Add(new SampleDto(train.Ids[i], train.Owners[i], train.Labels[i], train.Image(i).ToArray()));
        }
        return list;
    }
}
