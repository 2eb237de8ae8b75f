using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Learning.Scenarios;

/// <summary>Builds the standard streams: Split, Permuted, recurring (t1,t2,t3,t2,t4) and blurred-boundary, from Fashion-MNIST or any image set.</summary>
public static class ScenarioBuilder
{
    /// <summary>The class pairs of Split Fashion-MNIST: 0/1, 2/3, 4/5, 6/7, 8/9.</summary>
    public static readonly int[][] FashionPairs = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]];

    /// <summary>The recurring schedule: t1, t2, t3, t2, t4 (0-based task ids 0,1,2,1,3).</summary>
    public static readonly int[] RecurringSchedule = [0, 1, 2, 1, 3];

    public static ContinualScenario SplitFashionMnist(ScenarioOptions? options = null) =>
        Split("split-fashion-mnist", LoadTrain(options ??= new()), FashionMnist.Load(FashionMnistSplit.Test, options.FashionMnist),
            FashionPairs, null, options);

    public static ContinualScenario PermutedFashionMnist(ScenarioOptions? options = null) =>
        Permuted("permuted-fashion-mnist", LoadTrain(options ??= new()), FashionMnist.Load(FashionMnistSplit.Test, options.FashionMnist), options);

    public static ContinualScenario RecurringFashionMnist(ScenarioOptions? options = null) =>
        Split("recurring-fashion-mnist", LoadTrain(options ??= new()), FashionMnist.Load(FashionMnistSplit.Test, options.FashionMnist),
            FashionPairs[..4], RecurringSchedule, options);

    public static ContinualScenario BlurredFashionMnist(ScenarioOptions? options = null) =>
        Split("blurred-fashion-mnist", LoadTrain(options ??= new()), FashionMnist.Load(FashionMnistSplit.Test, options.FashionMnist),
            FashionPairs, null, options, blurred: true);

    /// <summary>Tasks of class groups (labels within a task are 0..k-1 in group order); schedule defaults to each task once, in order.</summary>
    public static ContinualScenario Split(string name, ImageDataset train, ImageDataset test, IReadOnlyList<int[]> classGroups,
        IReadOnlyList<int>? schedule, ScenarioOptions options, bool blurred = false)
    {
        ArgumentNullException.ThrowIfNull(classGroups);
        options.Validate();
        if (classGroups.Count == 0 || classGroups.Any(g => g.Length != classGroups[0].Length))
            throw new ArgumentException("class groups must be non-empty and of equal size.", nameof(classGroups));
        if (classGroups.SelectMany(g => g).Distinct().Count() != classGroups.Sum(g => g.Length))
            throw new ArgumentException("a class may belong to one group only.", nameof(classGroups));
        var tasks = classGroups.Select((g, t) => new TaskDefinition(t, $"task{t + 1}({string.Join('/', g)})", g, null,
            Take(train, train.IndicesOfClasses(g), options.TrainSamplesPerTask, options.Seed, t),
            Take(test, test.IndicesOfClasses(g), options.TestSamplesPerTask, options.Seed + 1, t))).ToList();
        return new ContinualScenario(name, tasks, schedule ?? Enumerable.Range(0, tasks.Count).ToArray(), options, blurred);
    }

    /// <summary>N tasks over all classes, each with its own seeded pixel permutation (the first task unpermuted).</summary>
    public static ContinualScenario Permuted(string name, ImageDataset train, ImageDataset test, ScenarioOptions options, bool blurred = false)
    {
        options.Validate();
        var classes = Enumerable.Range(0, train.ClassCount).ToArray();
        var rng = new Random(options.Seed + 7);
        var tasks = new List<TaskDefinition>();
        for (int t = 0; t < options.PermutedTaskCount; t++)
        {
            int[]? perm = null;
            if (t > 0)
            {
                perm = Enumerable.Range(0, train.PixelsPerSample).ToArray();
                rng.Shuffle(perm);
            }
            tasks.Add(new TaskDefinition(t, $"perm{t + 1}", classes, perm,
                Take(train, Enumerable.Range(0, train.Count).ToArray(), options.TrainSamplesPerTask, options.Seed, t),
                Take(test, Enumerable.Range(0, test.Count).ToArray(), options.TestSamplesPerTask, options.Seed + 1, t),
                idSuffix: t == 0 ? "" : $"@perm{t + 1}"));
        }
        return new ContinualScenario(name, tasks, Enumerable.Range(0, tasks.Count).ToArray(), options, blurred);
    }

    /// <summary>The training split minus the held-out public part the backbone is pretrained on.</summary>
    public static ImageDataset LoadTrain(ScenarioOptions options)
    {
        options.Validate();
        var train = FashionMnist.Load(FashionMnistSplit.Train, options.FashionMnist);
        if (options.HeldOutTrainSamples == 0) return train;
        if (options.HeldOutTrainSamples >= train.Count)
            throw new ArgumentException($"HeldOutTrainSamples ({options.HeldOutTrainSamples}) leaves no training data ({train.Count} samples).");
        return train.Subset(Enumerable.Range(options.HeldOutTrainSamples, train.Count - options.HeldOutTrainSamples).ToArray(), train.Name + "/stream");
    }

    private static ImageDataset Take(ImageDataset data, int[] indices, int? limit, int seed, int task)
    {
        if (indices.Length == 0) throw new ArgumentException($"{data.Name} has no samples for task {task + 1}.");
        if (limit is { } n && n < indices.Length)
        {
            indices = (int[])indices.Clone();
            new Random(seed * 31 + task).Shuffle(indices);
            indices = indices[..n].Order().ToArray();
        }
        return data.Subset(indices);
    }
}
