using ContinualCluster.Abstractions.Api;
using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Client.Demo;

/// <summary>Split Fashion-MNIST for the demo: the training stream (task after task, no task label sent) and per-task test sets.</summary>
public sealed class DemoData
{
    public const int Tasks = 5;

    public required List<SampleDto> Stream { get; init; }
    public required List<int> StreamTask { get; init; }
    public required List<(float[] Pixels, int Label)>[] Test { get; init; }

    public static int TaskOf(int label) => label / 2;

    public static DemoData Load(DemoOptions o)
    {
        var train = FashionMnist.Load(FashionMnistSplit.Train);
        var test = FashionMnist.Load(FashionMnistSplit.Test);
        var rng = new Random(o.Seed);
        var stream = new List<SampleDto>();
        var streamTask = new List<int>();
        var testSets = new List<(float[], int)>[Tasks];
        for (int t = 0; t < Tasks; t++)
        {
            var idx = train.IndicesOfClasses(new[] { 2 * t, 2 * t + 1 }).Where(i => i >= o.HeldOut).ToArray();
            rng.Shuffle(idx);
            foreach (int i in idx.Take(o.TrainPerTask))
            {
                stream.Add(new SampleDto(train.Ids[i], train.Owners[i], train.Labels[i], train.Image(i).ToArray()));
                streamTask.Add(t);
            }
            var tidx = test.IndicesOfClasses(new[] { 2 * t, 2 * t + 1 });
            rng.Shuffle(tidx);
            testSets[t] = tidx.Take(o.TestPerTask).Select(i => (test.Image(i).ToArray(), test.Labels[i])).ToList();
        }
        return new DemoData { Stream = stream, StreamTask = streamTask, Test = testSets };
    }
}
