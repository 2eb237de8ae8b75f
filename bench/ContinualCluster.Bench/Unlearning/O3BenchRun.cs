using System.Diagnostics;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Unlearning.Metrics;
using ContinualCluster.Learning.Unlearning.O3;

namespace ContinualCluster.Bench.Unlearning;

/// <summary>O3 on Fashion-MNIST: a 10-class expert on the backbone forgets one class, then a second, with no retained data.</summary>
internal static class O3BenchRun
{
    public static (IReadOnlyList<O3Evaluation> Evaluations, IReadOnlyList<O3RequestReport> Requests, double BaseAccuracy) Run(
        UnlearningBenchData data, LoRAExpertTrainer trainer, IReadOnlyList<int> forget, TextWriter log)
    {
        var all = Enumerable.Range(0, 10).ToArray();
        var stream = data.StreamSamples(all);
        var (testX, testY) = data.TestSet(all);
        var watch = Stopwatch.StartNew();
        var baseState = trainer.Train(trainer.CreateInitial(10, 5), Enumerable.Range(0, trainer.Backbone.Layers).ToArray(),
            new ExpertTrainingOptions { Epochs = 3, BatchSize = 128, LearningRate = 2e-3 },
            UnlearningBenchData.Flatten(stream), stream.Select(s => s.Label).ToArray(), stream.Count, seed: 99);
        var baseLogits = trainer.Logits(baseState, testX, testY.Length);
        double baseAcc = Accuracy.Of(baseLogits, testY, 10);
        log.WriteLine($"[unlearning] O3 base expert: test accuracy {baseAcc:P2} ({watch.Elapsed.TotalSeconds:F0}s)");

        var o3 = new O3Unlearner(trainer, baseState, new O3Options());
        var evaluations = new List<O3Evaluation>();
        var reports = new List<O3RequestReport>();
        var forgotten = new List<int>();
        var usedMembers = new List<Learning.Datasets.Sample>();
        foreach (var c in forget)
        {
            var request = stream.Where(s => s.Label == c).ToList();
            var report = o3.Forget(new O3Request($"forget-class-{c}", UnlearningBenchData.Flatten(request), request.Select(s => s.Label).ToArray()));
            reports.Add(report);
            forgotten.Add(c);
            usedMembers.AddRange(report.UsedIndices.Select(i => request[i]));
            log.WriteLine($"[unlearning] O3 request {report.RequestId}: {report.Seconds:F0}s, CE {report.FinalCrossEntropy:F3}, orth {report.FinalOrthogonality:E2}");
            evaluations.Add(Evaluate(o3, baseLogits, testX, testY, forgotten, usedMembers, $"request {forgotten.Count} (class {c})"));
        }
        return (evaluations, reports, baseAcc);
    }

    private static O3Evaluation Evaluate(O3Unlearner o3, float[] baseLogits, float[] testX, int[] testY, List<int> forgotten,
        List<Learning.Datasets.Sample> members, string after)
    {
        var gate = o3.GateWeights(testX, testY.Length);
        var logits = o3.GatedLogits(testX, testY.Length, gate);
        bool[] isForgotten = testY.Select(forgotten.Contains).ToArray();
        double Acc(float[] l, bool wantForgotten)
        {
            var rows = Enumerable.Range(0, testY.Length).Where(i => isForgotten[i] == wantForgotten).ToArray();
            return rows.Count(i => Accuracy.ArgMax(l, i * 10, 10) == testY[i]) / (double)rows.Length;
        }
        var memberX = UnlearningBenchData.Flatten(members);
        var memberY = members.Select(s => s.Label).ToArray();
        var memberLogits = o3.PredictLogits(memberX, members.Count);
        double su = Accuracy.Of(memberLogits, memberY, 10);
        var nonMemberRows = Enumerable.Range(0, testY.Length).Where(i => isForgotten[i]).ToArray();
        var testLoss = Accuracy.CrossEntropy(logits, testY, 10);
        double mia = RocAuc.MembershipInference(Accuracy.CrossEntropy(memberLogits, memberY, 10), nonMemberRows.Select(i => testLoss[i]).ToArray());
        var gF = Enumerable.Range(0, testY.Length).Where(i => isForgotten[i]).Select(i => gate[i]).ToArray();
        var gR = Enumerable.Range(0, testY.Length).Where(i => !isForgotten[i]).Select(i => gate[i]).ToArray();
        return new O3Evaluation(after, forgotten.ToArray(), su, Acc(logits, true), Acc(baseLogits, true), Acc(baseLogits, false), Acc(logits, false),
            RocAuc.Compute(gF, gR), mia, gF.Average(), gR.Average());
    }
}
