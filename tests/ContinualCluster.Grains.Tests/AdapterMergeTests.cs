using ContinualCluster.Grains.Learning;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models.Backbone;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>Serving with adapters merged into the weights gives the same logits as the unmerged checkpoint.</summary>
public sealed class AdapterMergeTests
{
    [Fact]
    public void Merged_and_unmerged_checkpoints_agree()
    {
        var data = SyntheticImages.Create(classCount: 2, perClass: 64, seed: 3);
        using var backbone = FrozenBackbone.Pretrain(data, new BackboneOptions { HiddenSizes = [32, 32], PretrainSamples = 128, PretrainEpochs = 1 });
        var trainer = new LoRAExpertTrainer(backbone);
        var state = trainer.Train(trainer.CreateInitial(2, 1), new[] { 0, 1 }, new ExpertTrainingOptions { Epochs = 2 },
            data.Pixels, data.Labels, data.Count, 1);
        Assert.Contains(state.Adapters, a => a is not null && a.B.Any(v => v != 0));

        var (merged, head) = AdapterMerge.Merge(backbone, state);
        using (merged)
        {
            Assert.All(head.Adapters, a => Assert.Null(a));
            var unmergedLogits = trainer.Logits(state, data.Pixels, data.Count);
            var mergedLogits = new LoRAExpertTrainer(merged).Logits(head, data.Pixels, data.Count);
            double diff = unmergedLogits.Zip(mergedLogits, (x, y) => Math.Abs(x - y)).Max();
            Assert.True(diff < 1e-3, $"merged and unmerged logits differ by {diff}");
            var plain = new LoRAExpertTrainer(backbone).Logits(head, data.Pixels, data.Count);
            Assert.True(unmergedLogits.Zip(plain, (x, y) => Math.Abs(x - y)).Max() > 1e-4, "the adapters must matter for this test to mean anything");
        }
    }
}
