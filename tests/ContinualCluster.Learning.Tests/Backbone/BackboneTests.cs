using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Unlearning.Metrics;
using Xunit;

namespace ContinualCluster.Learning.Tests.Backbone;

public sealed class BackboneTests
{
    [Fact]
    public void Blocks_are_numbered_from_the_top_and_options_are_validated()
    {
        var b = TinyBackbone.Instance;
        Assert.Equal(4, b.Blocks);
        Assert.Equal(new[] { 3 }, b.LayersOfBlockFromTop(1));
        Assert.Equal(new[] { 0 }, b.LayersOfBlockFromTop(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.LayersOfBlockFromTop(5));
        Assert.Equal(2.0, b.LoRAScale);
        var bad = TinyBackbone.Options();
        bad.LayersPerBlock = 3;
        Assert.Throws<ArgumentException>(() => bad.Validate());
        Assert.True(b.PretrainAccuracy > 0.8, $"pretraining accuracy {b.PretrainAccuracy}");
    }

    [Fact]
    public void Training_changes_only_the_named_layers_and_the_head_and_is_bitwise_reproducible()
    {
        var trainer = new LoRAExpertTrainer(TinyBackbone.Instance);
        var data = TinyBackbone.Task(3, 60, seed: 21);
        var pixels = data.SelectMany(s => s.Pixels).ToArray();
        var labels = data.Select(s => s.Label).ToArray();
        var start = trainer.CreateInitial(3, seed: 1);
        var opts = new ExpertTrainingOptions { Epochs = 3, BatchSize = 16, LearningRate = 5e-3 };
        var one = trainer.Train(start, new[] { 3 }, opts, pixels, labels, data.Count, seed: 7);
        Assert.NotNull(one.Adapters[3]);
        Assert.Null(one.Adapters[2]);
        Assert.False(ExpertStateHeadEquals(start, one));
        // The adapter left its zero initialisation: B is trained.
        Assert.Contains(one.Adapters[3]!.B, v => v != 0);
        var two = trainer.Train(one, new[] { 2 }, opts, pixels, labels, data.Count, seed: 8);
        Assert.True(two.Adapters[3]!.BitwiseEquals(one.Adapters[3]!)); // frozen when not named
        var again = trainer.Train(trainer.Train(start, new[] { 3 }, opts, pixels, labels, data.Count, 7), new[] { 2 }, opts, pixels, labels, data.Count, 8);
        Assert.True(two.BitwiseEquals(again));
        double acc = Accuracy.Of(trainer.Logits(two, pixels, data.Count), labels, 3);
        Assert.True(acc > 0.9, $"training accuracy {acc}");
        Assert.Throws<ArgumentException>(() => trainer.Train(start, new[] { 3 }, opts, pixels, labels.Select(_ => 5).ToArray(), data.Count, 1));
    }

    private static bool ExpertStateHeadEquals(ExpertState a, ExpertState b) =>
        a.HeadWeight.AsSpan().SequenceEqual(b.HeadWeight) && a.HeadBias.AsSpan().SequenceEqual(b.HeadBias);
}
