using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Bench.Unlearning;

/// <summary>Fashion-MNIST for the unlearning benchmark: the public pretraining split, the deletable stream and the test set.</summary>
internal sealed class UnlearningBenchData
{
    public UnlearningBenchData(int publicSamples)
    {
        Train = FashionMnist.Load(FashionMnistSplit.Train);
        Test = FashionMnist.Load(FashionMnistSplit.Test);
        PublicSamples = publicSamples;
    }

    public ImageDataset Train { get; }
    public ImageDataset Test { get; }

    /// <summary>The first N training samples pretrain the backbone and never enter the deletable stream.</summary>
    public int PublicSamples { get; }

    /// <summary>Stream samples (train indices ≥ PublicSamples) whose label is in <paramref name="classes"/>, relabelled by position.</summary>
    public List<Sample> StreamSamples(IReadOnlyList<int> classes) =>
        Enumerable.Range(PublicSamples, Train.Count - PublicSamples)
            .Where(i => classes.Contains(Train.Labels[i]))
            .Select(i => Train.GetSample(i) with { Label = IndexOf(classes, Train.Labels[i]) })
            .ToList();

    /// <summary>Test pixels and relabelled labels for <paramref name="classes"/>.</summary>
    public (float[] Pixels, int[] Labels) TestSet(IReadOnlyList<int> classes)
    {
        var idx = Test.IndicesOfClasses(classes.ToArray());
        return (Flatten(Test, idx), idx.Select(i => IndexOf(classes, Test.Labels[i])).ToArray());
    }

    public static float[] Flatten(ImageDataset d, IReadOnlyList<int> indices)
    {
        var result = new float[indices.Count * d.PixelsPerSample];
        for (int k = 0; k < indices.Count; k++) d.Image(indices[k]).CopyTo(result.AsSpan(k * d.PixelsPerSample, d.PixelsPerSample));
        return result;
    }

    public static float[] Flatten(IReadOnlyList<Sample> samples) => samples.SelectMany(s => s.Pixels).ToArray();

    public FrozenBackbone PretrainBackbone() =>
        FrozenBackbone.Pretrain(Train, new BackboneOptions { PretrainSamples = PublicSamples });

    private static int IndexOf(IReadOnlyList<int> classes, int label)
    {
        for (int i = 0; i < classes.Count; i++) if (classes[i] == label) return i;
        throw new ArgumentException($"label {label} is not one of the task's classes");
    }
}
