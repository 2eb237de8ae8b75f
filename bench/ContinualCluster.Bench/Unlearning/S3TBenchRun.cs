using System.Diagnostics;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Unlearning.Deletion;
using ContinualCluster.Learning.Unlearning.Metrics;
using ContinualCluster.Learning.Unlearning.S3T;

namespace ContinualCluster.Bench.Unlearning;

/// <summary>S3T against SISA and full retraining on one Split Fashion-MNIST task: accuracy, deletion latency, accuracy under deletions.</summary>
internal static class S3TBenchRun
{
    public static async Task<S3TBenchResult> RunAsync(UnlearningBenchData data, LoRAExpertTrainer trainer, int task, int sameDeletions, TextWriter log)
    {
        var classes = new[] { 2 * task, 2 * task + 1 };
        var samples = data.StreamSamples(classes);
        var (testX, testY) = data.TestSet(classes);
        var training = new ExpertTrainingOptions { Epochs = 3, BatchSize = 64, LearningRate = 2e-3 };

        ShardedUnlearningModel Build(S3TOptions o)
        {
            o.Training = training;
            var m = new ShardedUnlearningModel(trainer, o);
            m.Ingest(samples);
            var w = Stopwatch.StartNew();
            m.TrainAll();
            log.WriteLine($"[unlearning] trained {o.Strategy} (m={o.Shards}, L={o.Slices}, B={o.Sequences}) in {w.Elapsed.TotalSeconds:F1}s");
            return m;
        }

        var s3t = Build(new S3TOptions { Shards = 5, Slices = 4, Sequences = 4, Classes = 2, BackgroundRetraining = false });
        var sisa = Build(S3TOptions.Sisa(5, 4, 2));
        var full = Build(S3TOptions.FullRetrain(2));
        double Acc(ShardedUnlearningModel m) => Accuracy.Of(m.PredictLogits(testX, testY.Length), testY, 2);
        double s3tAcc = Acc(s3t), sisaAcc = Acc(sisa), fullAcc = Acc(full);

        // Deletions in random order; the first few are replayed under SISA and full retraining.
        var rng = new Random(2024);
        var order = samples.Select(s => s.Id).OrderBy(_ => rng.Next()).ToArray();
        var latencies = new List<double>();
        var steps = new List<DeletionStep>();
        int deleted = 0;
        void DeleteNext()
        {
            var id = order[deleted];
            var watch = Stopwatch.StartNew();
            var r = s3t.Delete(DeletionRequest.ForSamples("d-" + id, id));
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            if (r.DeletedCount != 1) throw new InvalidOperationException($"deletion of {id} did not delete it");
            deleted++;
        }
        // Warm the request path once (an unknown id changes nothing), so the JIT is not timed.
        s3t.Delete(DeletionRequest.ForSamples("warm-up", "no-such-sample"));

        // Degradation with no retraining at all: served accuracy as shards lose sequences and die.
        var curve = new List<DegradationPoint>();
        while (s3t.Served.Configuration.LiveShards > 0)
        {
            DeleteNext();
            var c = s3t.Served.Configuration;
            if (deleted % 10 == 0 || c.LiveShards == 0)
                curve.Add(new DegradationPoint(deleted, c.LiveShards, c.Shards.Average(x => x.Prefix), c.LiveShards > 0 ? Acc(s3t) : null));
        }
        log.WriteLine($"[unlearning] all shards dead after {deleted} deletions without retraining");
        await s3t.RetrainPendingAsync();

        // Then deletions with background retraining on, up to 1%, 5% and 10% of the task's samples.
        s3t.Options.BackgroundRetraining = true;
        foreach (var fraction in new[] { 0.01, 0.05, 0.10 })
        {
            int target = (int)Math.Round(fraction * samples.Count);
            while (deleted < target) DeleteNext();
            var served = s3t.Served.Configuration;
            double? before = served.LiveShards > 0 ? Acc(s3t) : null;
            double meanPrefix = served.Shards.Average(s => s.Prefix);
            await s3t.RetrainPendingAsync();
            steps.Add(new DeletionStep(fraction, deleted, served.LiveShards, meanPrefix, before, Acc(s3t), s3t.BackgroundCost, s3t.CheckLineage()));
            log.WriteLine($"[unlearning] {fraction:P0} deleted: live shards {served.LiveShards}, after retraining {steps[^1].AccuracyAfterRetrain:P2}");
        }

        var sisaLat = new List<double>();
        var fullLat = new List<double>();
        int sisaStages = 0;
        for (int k = 0; k < sameDeletions; k++)
        {
            var id = order[k];
            var r = sisa.Delete(DeletionRequest.ForSamples("d-" + id, id));
            sisaLat.Add(r.ElapsedMilliseconds);
            sisaStages += r.RetrainedStages;
            if (k < Math.Max(1, sameDeletions / 2)) fullLat.Add(full.Delete(DeletionRequest.ForSamples("d-" + id, id)).ElapsedMilliseconds);
        }
        log.WriteLine($"[unlearning] SISA deletion mean {sisaLat.Average():F0} ms, full retraining {fullLat.Average():F0} ms");
        return new S3TBenchResult(classes, samples.Count, s3tAcc, fullAcc, sisaAcc, s3t.InitialCost, sisa.InitialCost, full.InitialCost,
            LatencySummary.From(latencies), LatencySummary.From(latencies.Take(sameDeletions)), LatencySummary.From(sisaLat),
            LatencySummary.From(fullLat), sisaStages / Math.Max(1, sameDeletions), steps, s3t.BackgroundCost, curve);
    }
}
