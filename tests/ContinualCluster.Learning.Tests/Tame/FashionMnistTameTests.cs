using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Metrics;
using ContinualCluster.Learning.Models;
using ContinualCluster.Learning.Scenarios;
using ContinualCluster.Learning.Tame;

namespace ContinualCluster.Learning.Tests.Tame;

[Collection("torch")]
public sealed class FashionMnistTameTests
{
    [Fact]
    public void RobustTameFindsEveryBoundaryOfARealThreeTaskStreamIncludingTheSharedLabelLayout()
    {
        // coat/sandal then shirt/sneaker: within-task labels line up (coat≈shirt, sandal≈sneaker), so the loss alone barely moves.
        var options = new ScenarioOptions { EpochsPerTask = 2, BatchSize = 64, TrainSamplesPerTask = 1600, TestSamplesPerTask = 400, Seed = 1 };
        var train = ScenarioBuilder.LoadTrain(options);
        var test = FashionMnist.Load(FashionMnistSplit.Test, options.FashionMnist);
        var sc = ScenarioBuilder.Split("fmnist-3", train, test, [[4, 5], [6, 7], [8, 9]], null, options);
        using var learner = new TameLearner(new TameOptions { InputWarmupSamples = 1000, Seed = 2 }, new ClassifierFactory(ModelKind.LeNet5));
        var decisions = sc.Batches().Select(b => (b.Index, Decision: learner.ObserveBatch(b.Batch))).ToList();
        var switches = decisions.Where(d => d.Decision.Switched && d.Decision.PreviousExpert is not null).Select(d => d.Index).ToList();
        var eval = SwitchEvaluation.Evaluate(sc.BoundaryBatches, switches);
        Assert.True(eval.MissedBoundaries == 0 && eval.FalseSwitches == 0 && eval.MaxDelay <= 1,
            $"boundaries {string.Join(",", sc.BoundaryBatches)} switches {string.Join(",", switches)}");
        Assert.Equal(3, learner.ExpertCount);
    }
}
