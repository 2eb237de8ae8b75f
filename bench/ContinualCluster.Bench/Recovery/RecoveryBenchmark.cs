using System.Diagnostics;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Client.Demo;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Grains.Learning;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.TestKit.Storage;

namespace ContinualCluster.Bench.Recovery;

/// <summary>
/// `./run.sh bench recovery`: how fast a stream serves again after its activation is lost (kill, move to another silo).
/// One stream (the demo's Split Fashion-MNIST, no task labels) is ingested and trained once into a SQLite store; then
/// fresh activations recover from that store side by side — replay + retraining every expert (checkpoints off, the
/// behaviour before stored checkpoints) and replay + stored S3T checkpoints — timing the first successful prediction and
/// the moment no retraining job is left, with the store size per checkpoint record and the accuracy served.
/// Flags: --train-per-task N (default 2400, the demo's stream), --tasks N (default 5), --rounds N (default 1).
/// </summary>
public sealed class RecoveryBenchmark : IBenchmark
{
    public string Name => "recovery";
    public string Description => "re-activated stream: time to first prediction and to no retraining, replay+retrain vs stored S3T checkpoints; store size";

    public async Task RunAsync(BenchReport report, string[] args, CancellationToken ct)
    {
        int perTask = Arg(args, "--train-per-task", 2400), tasks = Arg(args, "--tasks", 5), rounds = Arg(args, "--rounds", 1);
        string dataDir = Path.Combine(Environment.GetEnvironmentVariable("CC_REPO_ROOT") ?? ".", ".data");
        var data = DemoData.Load(new DemoOptions { TrainPerTask = perTask, TestPerTask = 300 });
        var stream = data.Stream.Where(s => DemoData.TaskOf(s.Label!.Value) < tasks).ToList();
        using var learning = LearningFactory.Create(new LearningOptions { BackboneCache = Path.Combine(dataDir, "backbone.bin") });
        _ = learning.Backbone;
        using var store = new SqliteStoreFixture();
        var options = new StreamEngineOptions { TrainEverySamples = 2048 };
        report.Header("activation", "recover (replay) s", "first prediction s", "no retraining s", "stages trained", "accuracy", "detail");

        // The original activation: ingest the whole stream, train, persist (checkpoints on, as in the product).
        var watch = Stopwatch.StartNew();
        using (var first = Create(store, learning, options, persist: true))
        {
            await first.RecoverAsync(ct);
            for (int i = 0, b = 0; i < stream.Count; i += 128, b++)
                await first.IngestAsync(new IngestRequest($"b{b}", stream.Skip(i).Take(128).ToArray()), ct);
            await first.FlushAsync(ct);
            await first.Checkpoints!.FlushAsync(ct);
            var status = await first.StatusAsync(ct);
            report.Row("original (ingest + train)", "-", "-", $"{watch.Elapsed.TotalSeconds:0.0}", first.StagesTrained, $"{Accuracy(first, data, tasks):P1}",
                $"{stream.Count} samples, {status.Experts} experts, {first.Checkpoints.Stats.Written} checkpoint writes");
            await ReportStoreAsync(report, store.State, first.Checkpoints, status.Experts, learning.Options.Shards, learning.Options.Slices * learning.Options.Sequences);
        }   // dropped without any deactivation work, as when its silo is killed

        var seconds = new Dictionary<bool, List<double>> { [false] = new(), [true] = new() };
        for (int round = 0; round < rounds; round++)
            foreach (bool persist in new[] { false, true })
            {
                using var engine = Create(store, learning, options, persist);
                var (recover, first, idle) = await TimeRecoveryAsync(engine, data, ct);
                seconds[persist].Add(first);
                var restored = engine.RestoredCheckpoints;
                report.Row(persist ? "re-activated, stored checkpoints" : "re-activated, replay + retrain (before)", $"{recover:0.00}", $"{first:0.00}", $"{idle:0.00}",
                    engine.StagesTrained, $"{Accuracy(engine, data, tasks):P1}",
                    restored is null ? $"{engine.ReplayedBatches} batches replayed" : $"{engine.ReplayedBatches} batches replayed, {restored.ShardsRestored} shards / {restored.StagesRestored} stages restored in {restored.Milliseconds:0} ms, {restored.ExpertsRetrained} experts + {restored.ShardsRetrained} shards retrained");
            }
        double before = seconds[false].Min(), after = seconds[true].Min();
        report.Row("load", Environment.ProcessorCount + " cores", File.ReadAllText("/proc/loadavg").Trim(), "", "", "", "");
        report.TargetAtLeast("time to first prediction, replay+retrain ÷ stored checkpoints", before / after, 3, "×", "0.0");
    }

    private static StreamEngine Create(SqliteStoreFixture store, LearningFactory learning, StreamEngineOptions options, bool persist)
    {
        var checkpoints = persist ? new CheckpointStore(store.State, "bench") : null;
        return new StreamEngine("bench", options, checkpoints is null ? learning : new CheckpointingLearningFactory(learning, checkpoints), store.Requests,
            archive: new SampleArchive(store.State, "bench")) { Checkpoints = checkpoints };
    }

    /// <summary>Seconds to recover (replay), to the first successful prediction, and until no training or retraining job is left.</summary>
    private static async Task<(double Recover, double First, double Idle)> TimeRecoveryAsync(StreamEngine engine, DemoData data, CancellationToken ct)
    {
        var probe = new PredictRequest(data.Test.SelectMany(t => t.Take(8)).Select(x => x.Pixels).ToArray());
        var watch = Stopwatch.StartNew();
        await engine.RecoverAsync(ct);
        double recover = watch.Elapsed.TotalSeconds, first = double.NaN;
        while (true)
        {
            if (double.IsNaN(first))
            {
                try { engine.Predict(probe); first = watch.Elapsed.TotalSeconds; }
                catch (ApiException e) when (e.Status == 503) { }
            }
            if (!double.IsNaN(first) && engine.RecoveryCompletion.IsCompleted && engine.RetrainingJobs == 0) return (recover, first, watch.Elapsed.TotalSeconds);
            await Task.Delay(20, ct);
        }
    }

    /// <summary>Class-incremental accuracy on the held-out images of the tasks seen (selector → expert → global class).</summary>
    private static double Accuracy(StreamEngine engine, DemoData data, int tasks)
    {
        var test = data.Test.Take(tasks).SelectMany(t => t).ToList();
        int right = 0;
        for (int i = 0; i < test.Count; i += 256)
        {
            var chunk = test.Skip(i).Take(256).ToList();
            var p = engine.Predict(new PredictRequest(chunk.Select(x => x.Pixels).ToArray()));
            right += chunk.Zip(p.Predictions).Count(x => x.First.Label == x.Second.Label);
        }
        return (double)right / test.Count;
    }

    private static async Task ReportStoreAsync(BenchReport report, IGrainStateStore state, CheckpointStore checkpoints, int experts, int shards, int stagesPerShard)
    {
        long bytes = 0, records = 0;
        for (int k = 0; k < experts; k++)
            for (int h = 0; h < shards; h++)
                if (await state.ReadAsync(checkpoints.Key(k, h)) is { } s) { bytes += s.Data.Length; records++; }
        var (written, writtenBytes, _, _) = checkpoints.Stats;
        report.Row("store: checkpoint records", "-", "-", "-", "-", "-",
            $"{records} records (one per expert × shard), {bytes / 1024.0:0} KiB in all, {bytes / Math.Max(1, records) / 1024.0:0.0} KiB per record, " +
            $"{bytes / Math.Max(1, records * stagesPerShard) / 1024.0:0.0} KiB per stage checkpoint; {written} writes, {writtenBytes / 1048576.0:0.0} MiB written while training");
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int v) && v > 0 ? v : fallback;
    }
}
