using ContinualCluster.Learning.Models;
using ContinualCluster.Learning.Scenarios;
using ContinualCluster.Learning.Tame;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Tests.Tame;

/// <summary>The session-4 expert options: weight averaging (predictions from the moving average, training and losses from the
/// trained weights) and training-batch augmentation (detection and buffers see the batch as stored).</summary>
[Collection("torch")]
public sealed class ExpertTrainingOptionsTests
{
    private static List<LearnerBatch> Batches(int count) => TameStreams.Split(1).Batches().Take(count).Select(b => b.Batch).ToList();

    private static Mlp NewMlp(double averageDecay)
    {
        manual_seed(17);
        return new Mlp(784, [16], 2, new OptimizerSettings(0.002, 0.9, 5e-4, averageDecay));
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    [Fact]
    public void AveragedModelTrainsAndScoresLossesExactlyLikeThePlainOneButPredictsWithTheAverage()
    {
        var batches = Batches(21);
        var probe = batches[^1];
        using var plain = NewMlp(0);
        using var averaged = NewMlp(0.9);
        using var follower = NewMlp(1e-9); // decay ≈ 0: the average is the last iterate
        foreach (var b in batches.Take(20))
        {
            double loss = plain.TrainStep(b);
            Assert.Equal(loss, averaged.TrainStep(b));
            Assert.Equal(loss, follower.TrainStep(b));
            averaged.Scores(probe); // a prediction between steps must leave the trained weights in place
        }
        Assert.Equal(20, averaged.AveragedSteps);
        Assert.Equal(0, plain.AveragedSteps);
        Assert.True(plain.Loss(probe) > 1e-3, $"the probe's loss {plain.Loss(probe)} is too small to compare");
        Assert.Equal(plain.Loss(probe), averaged.Loss(probe));
        Assert.True(MaxDifference(plain.Scores(probe), follower.Scores(probe)) < 1e-5, "decay ≈ 0 must predict with the trained weights");
        Assert.True(MaxDifference(plain.Scores(probe), averaged.Scores(probe)) > 1e-3, "decay 0.9 must predict with different (averaged) weights");
        Assert.Equal(plain.Loss(probe), averaged.Loss(probe));
    }

    [Fact]
    public void PruningAdoptsTheAveragedWeightsAndRestartsTheAverage()
    {
        var batches = Batches(11);
        var probe = batches[^1];
        using var averaged = NewMlp(0.9);
        foreach (var b in batches.Take(10)) averaged.TrainStep(b);
        var predicted = averaged.Scores(probe);
        double trainedLoss = averaged.Loss(probe);
        Assert.True(trainedLoss > 1e-3, $"the probe's loss {trainedLoss} is too small to compare");
        averaged.Prune(0); // removes nothing: only the adoption shows
        Assert.Equal(0, averaged.AveragedSteps);
        Assert.True(MaxDifference(predicted, averaged.Scores(probe)) < 1e-6);
        Assert.NotEqual(trainedLoss, averaged.Loss(probe));
        averaged.TrainStep(probe);
        Assert.Equal(1, averaged.AveragedSteps);
    }

    [Fact]
    public void LearnerExpertsAverageEveryStepAndBadSettingsAreNamed()
    {
        var options = TameStreams.Options();
        options.ExpertWeightAveraging = 0.99;
        using var learner = TameStreams.Learner(options);
        foreach (var b in Batches(12)) learner.ObserveBatch(b);
        learner.Flush();
        var expert = learner.Experts[0];
        Assert.Equal(expert.TrainedBatches, ((TorchClassifier)expert.Model).AveragedSteps);

        var e1 = Assert.Throws<ArgumentException>(() => new TameOptions { ExpertWeightAveraging = 1 }.Validate());
        Assert.Contains(nameof(TameOptions.ExpertWeightAveraging), e1.Message);
        Assert.Throws<ArgumentException>(() => new OptimizerSettings(AverageDecay: -0.1).Validate());
        var e2 = Assert.Throws<ArgumentException>(() => new TameOptions { ExpertMaxShift = -1 }.Validate());
        Assert.Contains(nameof(TameOptions.ExpertMaxShift), e2.Message);
    }

    [Fact]
    public void AugmentedExpertsDetectOnTheStoredBatchBufferItAndTrainOnChangedImages()
    {
        var batches = Batches(12);
        var probe = batches[^1];
        var options = TameStreams.Options();
        options.ExpertAugmentation = true;
        using var augmented = TameStreams.Learner(options);
        using var plain = TameStreams.Learner();
        var stored = new Dictionary<string, float[]>();
        foreach (var b in batches.Take(11))
        {
            for (int i = 0; i < b.Count; i++) stored[b.SampleIds[i]] = b.Pixels.AsSpan(i * b.PixelsPerSample, b.PixelsPerSample).ToArray();
            double? before = augmented.ActiveExpert < 0 ? null : augmented.Experts[augmented.ActiveExpert].Model.Loss(b);
            var decision = augmented.ObserveBatch(b);
            plain.ObserveBatch(b);
            if (before is { } expected && !decision.Pending && decision.Switch == SwitchKind.None)
                Assert.Equal(expected, decision.ActiveLoss); // the detection loss is the un-augmented batch's
        }
        Assert.Equal(plain.ExpertCount, augmented.ExpertCount);
        Assert.NotEmpty(augmented.SelectorBuffer.Samples());
        foreach (var s in augmented.SelectorBuffer.Samples()) Assert.Equal(stored[s.Id], s.Pixels);
        Assert.True(MaxDifference(plain.Experts[0].Model.Scores(probe), augmented.Experts[0].Model.Scores(probe)) > 1e-4,
            "shifted and mirrored training images must change what the expert learns");

        options.ExpertMaxShift = 28;
        using var tooFar = TameStreams.Learner(options);
        var error = Assert.Throws<ArgumentException>(() => tooFar.ObserveBatch(probe));
        Assert.Contains("shift of 28", error.Message);
        Assert.Equal(0, tooFar.BatchesObserved);
    }
}
