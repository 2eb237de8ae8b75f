using ContinualCluster.Learning.Metrics;
using ContinualCluster.Learning.Models;
using ContinualCluster.Learning.Tame;

namespace ContinualCluster.Learning.Tests.Tame;

[Collection("torch")]
public sealed class SelectorAndPruningTests
{
    [Fact]
    public void SelectorRoutesTestSamplesToTheirTasksExpertAfterPruningHalfItsWeights()
    {
        var sc = TameStreams.Split(3);
        using var learner = TameStreams.Learner();
        TameStreams.Observe(learner, sc.Batches());
        learner.Flush();
        Assert.True(learner.SelectorIsStale);
        var report = learner.TrainSelector();
        Assert.False(learner.SelectorIsStale);
        Assert.Equal(3, report.Outputs);
        long weights = 784 * 64 + 64 * 3;
        Assert.Equal(report.Parameters - weights / 2, report.NonZeroParametersAfterPruning);
        var acc = ContinualEvaluator.Routed(learner, sc, new Dictionary<int, int> { [0] = 0, [1] = 1, [2] = 2 });
        Assert.True(acc.Routing > 0.9, $"routing accuracy {acc.Routing}");
        Assert.True(acc.WithinTask > 0.9, $"within-task accuracy {acc.WithinTask}");
        Assert.True(acc.ClassIncremental > 0.85, $"class-incremental accuracy {acc.ClassIncremental}");
    }

    [Fact]
    public void JointSelectorTargetsHaveOneOutputPerExpertAndLabel()
    {
        var sc = TameStreams.Split(2, epochs: 2);
        var options = TameStreams.Options();
        options.SelectorTarget = SelectorTarget.ExpertAndLabel;
        using var learner = TameStreams.Learner(options);
        TameStreams.Observe(learner, sc.Batches());
        var report = learner.TrainSelector(epochs: 10, fineTuneEpochs: 0);
        Assert.Equal(4, report.Outputs);
        var acc = ContinualEvaluator.Routed(learner, sc, new Dictionary<int, int> { [0] = 0, [1] = 1 });
        Assert.True(acc.Routing > 0.9, $"routing accuracy {acc.Routing}");
    }

    [Fact]
    public void AnEnsembleOfSelectorsTrainsEveryMemberAndRoutesByTheirSummedLogProbabilities()
    {
        var sc = TameStreams.Split(2, epochs: 2);
        var options = TameStreams.Options();
        options.SelectorEnsembleSize = 2;
        options.SelectorAugmentedMembers = 1; // the second member trains on shifted and flipped images
        using var learner = TameStreams.Learner(options);
        TameStreams.Observe(learner, sc.Batches());
        var report = learner.TrainSelector(epochs: 10, fineTuneEpochs: 0);
        Assert.Equal(2, report.EnsembleSize);
        Assert.Equal(1, report.AugmentedMembers);
        Assert.Equal(2, learner.SelectorMembers.Count);
        Assert.Same(learner.SelectorMembers[0], learner.Selector);
        Assert.Equal(2 * learner.SelectorMembers[0].TrainableParameterCount, report.Parameters);
        var acc = ContinualEvaluator.Routed(learner, sc, new Dictionary<int, int> { [0] = 0, [1] = 1 });
        Assert.True(acc.Routing > 0.9, $"routing accuracy {acc.Routing}");
        Assert.Throws<ArgumentException>(() => new TameOptions { SelectorEnsembleSize = 0 }.Validate());
    }

    [Fact]
    public void SoftRoutingChoosesExpertAndLabelJointlyAndRoutesAsWellAsTheSelector()
    {
        var sc = TameStreams.Split(2, epochs: 2);
        using var learner = TameStreams.Learner();
        TameStreams.Observe(learner, sc.Batches());
        learner.TrainSelector(epochs: 10, fineTuneEpochs: 0);
        var tasks = new Dictionary<int, int> { [0] = 0, [1] = 1 };
        var hard = ContinualEvaluator.Routed(learner, sc, tasks);
        learner.Options.SoftRouting = true;
        var soft = ContinualEvaluator.Routed(learner, sc, tasks);
        Assert.True(soft.Routing > 0.9, $"soft routing accuracy {soft.Routing}");
        Assert.True(soft.WithinTask >= hard.WithinTask - 0.02, $"soft within-task {soft.WithinTask} vs hard {hard.WithinTask}");
    }

    [Fact]
    public void ExpertPruningRemovesTheStatedFractionAndReportsAccuracyAfterRetraining()
    {
        var sc = TameStreams.Split(2, epochs: 2);
        using var learner = TameStreams.Learner();
        TameStreams.Observe(learner, sc.Batches());
        var reports = learner.PruneExperts();
        Assert.Equal(2, reports.Count);
        long weights = 784 * 64 + 64 * 2, biases = 64 + 2;
        foreach (var r in reports)
        {
            Assert.Equal(weights + biases, r.ParametersBefore);
            Assert.InRange(r.NonZeroParametersAfter, 1, weights - (long)Math.Floor(0.98 * weights) + biases);
            Assert.InRange(r.BufferSamples, 300, 500);
            Assert.True(r.BufferAccuracyAfterRetraining > 0.8, $"accuracy after retraining {r.BufferAccuracyAfterRetraining}");
        }
    }

    [Fact]
    public void RemovingASampleTakesItOutOfTheBuffersAndMarksTheSelectorStale()
    {
        var sc = TameStreams.Split(1, epochs: 1);
        using var learner = TameStreams.Learner();
        TameStreams.Observe(learner, sc.Batches());
        learner.TrainSelector(epochs: 1, fineTuneEpochs: 0);
        var id = learner.SelectorBuffer.Samples()[0].Id;
        Assert.True(learner.RemoveSample(id));
        Assert.False(learner.SelectorBuffer.Contains(id));
        Assert.False(learner.PruneBuffer.Contains(id));
        Assert.True(learner.SelectorIsStale);
        Assert.False(learner.RemoveSample(id));
    }

    [Fact]
    public void LeNetPruningZeroesExactlyTheSmallestWeightsAndTheMaskSurvivesTraining()
    {
        using var net = new LeNet5(2);
        long weights = 6 * 25 + 16 * 6 * 25 + 400 * 120 + 120 * 84 + 84 * 2, biases = 6 + 16 + 120 + 84 + 2;
        Assert.Equal(weights + biases, net.ParameterCount);
        net.Prune(0.5);
        Assert.Equal(weights + biases - weights / 2, net.NonZeroTrainableParameterCount());
        var batch = TameStreams.Split(1).GetBatch(0).Batch;
        net.TrainStep(batch);
        Assert.True(net.NonZeroTrainableParameterCount() <= weights + biases - weights / 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Prune(1.0));
    }
}
