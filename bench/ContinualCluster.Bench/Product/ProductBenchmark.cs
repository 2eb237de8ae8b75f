using System.Diagnostics;
using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Client.Demo;
using ContinualCluster.Grains;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Grains.Learning;
using ContinualCluster.Learning.Unlearning.S3T;

namespace ContinualCluster.Bench.Product;

/// <summary>
/// `./run.sh bench product`: the product through its grains on a two-silo embedded cluster (SQLite): ingest while
/// training, batched predictions, deletion latency across silos, failed predictions during background retraining,
/// serving with merged vs unmerged adapters, and the whole demo's wall time.
/// </summary>
public sealed class ProductBenchmark : IBenchmark
{
    /// <summary>The batch size the prediction targets are read at (stated in their TARGET lines).</summary>

    public string Name => "product";
    public string Description => "ingest/s, predictions/s p50/p99, deletion→excluded p99, failures during retraining, merge throughput, demo time";

    public async Task RunAsync(BenchReport report, string[] args, CancellationToken ct)
    {
        bool skipDemo = args.Contains("--skip-demo");
        string dataDir = Path.Combine(Environment.GetEnvironmentVariable("CC_REPO_ROOT") ?? ".", ".data");
        string db = Path.Combine(dataDir, "bench-product.db");
        foreach (var f in new[] { db, db + "-wal", db + "-shm" }) if (File.Exists(f)) File.Delete(f);
        var options = new DemoOptions { TrainPerTask = 1500, TestPerTask = 300 };
        var data = DemoData.Load(options);
        using var learning = LearningFactory.Create(new LearningOptions { BackboneCache = Path.Combine(dataDir, "backbone.bin") });
        // The same figures with three silo processes (ThreeSiloProcesses.cs): --processes-only runs just those, --skip-processes skips them,
        // --probe adds where a gateway call's time goes (about 30 s more).
        if (args.Contains("--processes-only")) { await ThreeSiloProcesses.RunAsync(report, data, learning, dataDir, args.Contains("--probe"), ct); return; }
        report.Header("measure", "value", "detail");
        await InProcessAsync(report, data, learning, db, ct);
        // The embedded cluster is stopped and its heap collected before the processes start: its timers, threads and
        // garbage must not compete with the three silos on the same two cores.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (!args.Contains("--skip-processes")) await ThreeSiloProcesses.RunAsync(report, data, learning, dataDir, args.Contains("--probe"), ct);

        if (!skipDemo)
        {
            var watch = Stopwatch.StartNew();
            var demo = await Client.Commands.DemoCommand.RunAsync(new DemoOptions(), Path.Combine(dataDir, "..", "out"), dataDir, ct);
            double minutes = watch.Elapsed.TotalMinutes;
            report.Row("whole demo", $"{minutes:0.00} min", $"final accuracy {demo.FinalAccuracy:P1}, {demo.DeletionRequests} deletions");
            report.TargetAtMost("whole demo time", minutes, 10, " min", "0.00");
        }
    }

    /// <summary>The figures through the grains of a two-silo embedded cluster (SQLite), which is stopped when they are taken.</summary>
    private static async Task InProcessAsync(BenchReport report, DemoData data, LearningFactory learning, string db, CancellationToken ct)
    {
        await using var cluster = await EmbeddedCluster.StartAsync(2, db, new StreamEngineOptions { TrainEverySamples = 1024 }, learning, ct);
        var services = cluster.Silos.Select(s => (IStreamService)new GrainStreamService(s.GrainFactory)).ToList();
        var steps = new ProductBenchSteps(services, data, "bench");

        var (ingestRate, batches) = await steps.IngestAsync(3, 128, ct);
        report.Row("ingest while training", $"{ingestRate:0} samples/s", $"{batches} batches of 128, 3 tasks, calls alternating silos");
        await ((GrainStreamService)services[0]).FlushAsync("bench");

        await PredictionTargets.ReportAsync(report, steps, "", "", ct);

        // The serving precision the product used (Learning:ServingPrecision "auto") beside float32, on the same checkpoints.
        foreach (var precision in new[] { BFloat16Support.Resolve(ServingPrecision.Auto), ServingPrecision.Float32 }.Distinct())
        {
            var bare = ProductBenchSteps.BareEnsemble(learning, data, PredictionTargets.Batch, TimeSpan.FromSeconds(5), precision);
            report.Row($"baseline: bare merged compute ({precision}), batches of {PredictionTargets.Batch}", $"{bare.PerSecond:0}/s",
                $"3 checkpoints, 2 threads, no grain call or routing: p50 {bare.P50:0.0} ms, p99 {bare.P99:0.0} ms (the machine's share of the tail)");
        }

        var deletion = await steps.DeletionLatencyAsync(200, ct);
        report.Row("deletion acknowledged (excluded) round trip", $"p50 {deletion.P50:0.0} ms", $"p99 {deletion.P99:0.0} ms over {deletion.Count} single-sample requests, alternating silos; the first through each silo, apart: up to {deletion.FirstCalls:0.0} ms");
        report.TargetAtMost("deletion → excluded p99 across silos", deletion.P99, 50, " ms", "0.0");

        var load = await steps.RetrainingLoadAsync(ct);
        report.Row("predictions during background retraining", $"{load.Failed} failed of {load.Served + load.Failed}",
            $"{load.Errors}; {load.RoutedAround} routed around a retraining expert; p50 {load.P50:0.0} ms, p99 {load.P99:0.0} ms (batches of 64); " +
            $"max retraining jobs seen {load.JobsSeen}, retraining finished in {load.Seconds:0.0} s");
        report.TargetAtMost("failed predictions during background retraining", load.Failed, 0, "", "0");

        var merge = ProductBenchSteps.MergeThroughput(learning, data);
        report.Row("serving, adapters unmerged", $"{merge.Unmerged:0} images/s", "one expert checkpoint, batches of 256");
        report.Row("serving, adapters merged", $"{merge.Merged:0} images/s", $"max |logit difference| {merge.MaxDiff:E1}");
    }
}
