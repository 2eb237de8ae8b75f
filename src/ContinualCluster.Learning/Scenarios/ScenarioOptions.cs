using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Learning.Scenarios;

/// <summary>How a continual-learning stream is cut into batches: epochs per task, batch size, seed, subsets and blur.</summary>
public sealed class ScenarioOptions
{
    /// <summary>Passes over a task's training data before the next task starts (public TAME code: 10).</summary>
    public int EpochsPerTask { get; set; } = 10;

    /// <summary>Samples per stream batch (public TAME code: 128).</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Seeds the per-epoch shuffles, permutations, blur mixing and subsampling.</summary>
    public int Seed { get; set; }

    /// <summary>Whether each epoch's order is shuffled (false: dataset order, as the public code's loader).</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>The first N training samples are held out of every stream (the public split the backbone is pretrained on).</summary>
    public int HeldOutTrainSamples { get; set; } = 10_000;

    /// <summary>When set, at most this many training samples per task (a seeded random subset) for quick runs and tests.</summary>
    public int? TrainSamplesPerTask { get; set; }

    /// <summary>When set, at most this many test samples per task.</summary>
    public int? TestSamplesPerTask { get; set; }

    /// <summary>Number of tasks of the permuted scenario.</summary>
    public int PermutedTaskCount { get; set; } = 5;

    /// <summary>Samples around each boundary of the blurred scenario where the two tasks mix (half from each side).</summary>
    public int BlurSamples { get; set; } = 300;

    /// <summary>Where Fashion-MNIST is read from.</summary>
    public FashionMnistOptions FashionMnist { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (EpochsPerTask < 1) throw Bad(nameof(EpochsPerTask), EpochsPerTask, "at least 1");
        if (BatchSize < 1) throw Bad(nameof(BatchSize), BatchSize, "at least 1");
        if (HeldOutTrainSamples < 0) throw Bad(nameof(HeldOutTrainSamples), HeldOutTrainSamples, "non-negative");
        if (TrainSamplesPerTask is < 1) throw Bad(nameof(TrainSamplesPerTask), TrainSamplesPerTask, "at least 1 when set");
        if (TestSamplesPerTask is < 1) throw Bad(nameof(TestSamplesPerTask), TestSamplesPerTask, "at least 1 when set");
        if (PermutedTaskCount < 1) throw Bad(nameof(PermutedTaskCount), PermutedTaskCount, "at least 1");
        if (BlurSamples < 0 || BlurSamples % 2 != 0) throw Bad(nameof(BlurSamples), BlurSamples, "a non-negative even number");
        ArgumentNullException.ThrowIfNull(FashionMnist);
        FashionMnist.Validate();
    }

    private static ArgumentException Bad(string name, object? value, string rule) =>
        new($"ScenarioOptions.{name} must be {rule} (was {value ?? "null"}).", name);
}
