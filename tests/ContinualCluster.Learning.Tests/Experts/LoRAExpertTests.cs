using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models;
using ContinualCluster.Learning.Scenarios;
using ContinualCluster.Learning.Tests.Backbone;

namespace ContinualCluster.Learning.Tests.Experts;

[Collection("torch")]
public sealed class LoRAExpertTests
{
    [Fact]
    public void OnlyAdaptersAndHeadTrainAndTheExpertLearnsATask()
    {
        var backbone = TinyBackbone.Instance;
        var factory = new LoRAExpertFactory(backbone);
        using var expert = factory.Create(2, new OptimizerSettings(0.05, 0.9, 5e-4));
        int r = backbone.Options.LoRARank;
        long adapters = Enumerable.Range(0, backbone.Layers).Sum(l => (long)r * (backbone.InFeatures(l) + backbone.OutFeatures(l)));
        Assert.Equal(adapters + 32 * 2 + 2, expert.TrainableParameterCount);

        var data = SyntheticImages.Create(2, 200, 14, 14, seed: 3, noise: 0.3f);
        var train = data.Subset(Enumerable.Range(0, 300).ToArray());
        var test = data.Subset(Enumerable.Range(300, 100).ToArray());
        LearnerBatch Batch(ImageDataset d, int from, int n) => new(d.Pixels.AsSpan(from * 196, n * 196).ToArray(), 14, 14,
            d.Labels[from..(from + n)], d.Ids[from..(from + n)], d.Owners[from..(from + n)]);
        double first = expert.Loss(Batch(test, 0, 100));
        for (int epoch = 0; epoch < 5; epoch++)
            for (int s = 0; s < 300; s += 30) expert.TrainStep(Batch(train, s, 30));
        var pred = expert.Predict(Batch(test, 0, 100));
        double acc = pred.Zip(test.Labels).Count(p => p.First == p.Second) / 100.0;
        Assert.True(acc > 0.9, $"LoRA expert accuracy {acc}");
        Assert.True(expert.Loss(Batch(test, 0, 100)) < first);
        Assert.Equal("lora-r4x4", factory.Name);
    }
}
