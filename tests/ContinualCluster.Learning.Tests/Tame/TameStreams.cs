using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models;
using ContinualCluster.Learning.Scenarios;
using ContinualCluster.Learning.Tame;

namespace ContinualCluster.Learning.Tests.Tame;

/// <summary>Small generated streams and a fast learner setup shared by the TAME tests.</summary>
internal static class TameStreams
{
    private static readonly ImageDataset All = SyntheticImages.Create(8, 200, 28, 28, seed: 11);
    public static readonly ImageDataset Train = All.Subset(Enumerable.Range(0, 1280).ToArray());
    public static readonly ImageDataset Test = All.Subset(Enumerable.Range(1280, 320).ToArray());

    public static ContinualScenario Split(int tasks, int[]? schedule = null, int epochs = 3, int batchSize = 32) =>
        ScenarioBuilder.Split("synthetic", Train, Test, Enumerable.Range(0, tasks).Select(t => new[] { 2 * t, 2 * t + 1 }).ToArray(),
            schedule, new ScenarioOptions { EpochsPerTask = epochs, BatchSize = batchSize, Seed = 5 });

    public static TameOptions Options(TameDetection detection = TameDetection.Robust) => new()
    {
        Detection = detection,
        InputWarmupSamples = 300,
        SelectorEpochs = 30,
        SelectorLearningRate = 0.01,
        LearningRate = 0.05,
        SelectorFineTuneEpochs = 5,
        ExpertRetrainEpochs = 10,
        Seed = 3,
    };

    public static IClassifierFactory Mlp() => new ClassifierFactory(ModelKind.Mlp, mlpHidden: [64]);

    public static TameLearner Learner(TameOptions? options = null) => new(options ?? Options(), Mlp(), Mlp());

    /// <summary>Runs the stream; returns (batch index, decision) for every batch.</summary>
    public static List<(int Index, TameDecision Decision)> Observe(TameLearner learner, IEnumerable<StreamBatch> batches) =>
        batches.Select(b => (b.Index, learner.ObserveBatch(b.Batch))).ToList();

    /// <summary>Batch indices where a switch away from an existing expert took effect.</summary>
    public static List<int> Switches(List<(int Index, TameDecision Decision)> decisions) =>
        decisions.Where(d => d.Decision.Switched && d.Decision.PreviousExpert is not null).Select(d => d.Index).ToList();
}
