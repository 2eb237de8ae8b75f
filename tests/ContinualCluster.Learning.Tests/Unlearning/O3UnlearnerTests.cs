using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Tests.Backbone;
using ContinualCluster.Learning.Unlearning.Metrics;
using ContinualCluster.Learning.Unlearning.O3;
using Xunit;

namespace ContinualCluster.Learning.Tests.Unlearning;

public sealed class O3UnlearnerTests
{
    [Fact]
    public void Forgetting_two_classes_gates_them_off_and_leaves_the_others()
    {
        var trainer = new LoRAExpertTrainer(TinyBackbone.Instance);
        var train = TinyBackbone.Task(4, 120, seed: 61, prefix: "o3");
        var test = TinyBackbone.Task(4, 40, seed: 61, prefix: "o3t").Skip(0).ToList();
        var pixels = train.SelectMany(s => s.Pixels).ToArray();
        var labels = train.Select(s => s.Label).ToArray();
        var baseState = trainer.Train(trainer.CreateInitial(4, 1), new[] { 0, 1, 2, 3 },
            new ExpertTrainingOptions { Epochs = 6, BatchSize = 32, LearningRate = 5e-3 }, pixels, labels, train.Count, 3);
        var testX = test.SelectMany(s => s.Pixels).ToArray();
        var testY = test.Select(s => s.Label).ToArray();
        double before = Accuracy.Of(trainer.Logits(baseState, testX, test.Count), testY, 4);
        Assert.True(before > 0.9, $"base accuracy {before}");

        var o3 = new O3Unlearner(trainer, baseState, new O3Options { Rank = 4, Alpha = 8, Epochs = 8, BatchSize = 32, LearningRate = 1e-2, BankLimit = 200 });
        Assert.All(o3.GateWeights(testX, test.Count), w => Assert.Equal(0, w));
        foreach (var c in new[] { 0, 1 })
        {
            var req = train.Where(s => s.Label == c).ToList();
            var report = o3.Forget(new O3Request("forget-" + c, req.SelectMany(s => s.Pixels).ToArray(), req.Select(s => s.Label).ToArray()));
            Assert.Equal(96, report.UsedIndices.Count);
            Assert.Equal(24, report.RestSamples);
        }
        Assert.Equal(2, o3.Detectors.Count);
        var gate = o3.GateWeights(testX, test.Count);
        var logits = o3.GatedLogits(testX, test.Count, gate);
        var forgotten = Enumerable.Range(0, test.Count).Where(i => testY[i] < 2).ToArray();
        var retained = Enumerable.Range(0, test.Count).Where(i => testY[i] >= 2).ToArray();
        double auroc = RocAuc.Compute(forgotten.Select(i => gate[i]).ToArray(), retained.Select(i => gate[i]).ToArray());
        Assert.True(auroc > 0.95, $"gate AUROC {auroc}");
        double du = forgotten.Count(i => Accuracy.ArgMax(logits, i * 4, 4) == testY[i]) / (double)forgotten.Length;
        double kept = retained.Count(i => Accuracy.ArgMax(logits, i * 4, 4) == testY[i]) / (double)retained.Length;
        string Detail() => string.Join("; ", Enumerable.Range(0, 4).Select(c =>
        {
            var rows = Enumerable.Range(0, test.Count).Where(i => testY[i] == c).ToArray();
            return $"class {c}: acc {rows.Count(i => Accuracy.ArgMax(logits, i * 4, 4) == c) / (double)rows.Length:F2} gate {rows.Average(i => gate[i]):F2}";
        }));
        Assert.True(du < 0.3, $"held-out forget accuracy {du}: {Detail()}");
        Assert.True(kept > 0.85, $"retained accuracy {kept}");
        Assert.Throws<ArgumentException>(() => o3.Forget(new O3Request("forget-0", new float[196 * 20], new int[20])));
        Assert.Throws<ArgumentException>(() => o3.Forget(new O3Request("x", new float[10], new int[20])));
        Assert.Throws<ArgumentException>(() => new O3Options { Nu = 0 }.Validate());
    }
}
