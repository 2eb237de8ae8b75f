using System.CommandLine;
using System.Diagnostics;
using ContinualCluster.Abstractions;
using ContinualCluster.Client.Demo;
using ContinualCluster.Client.Report;
using ContinualCluster.Grains;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Grains.Learning;
using Spectre.Console;

namespace ContinualCluster.Client.Commands;

/// <summary>`ccl demo`: the main job on an embedded two-silo cluster (SQLite under ./.data), ending with the report.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var cmd = new Command("demo", "Run the main job: an embedded two-silo cluster learns Split Fashion-MNIST as an unlabelled stream while deletions, " +
                                      "a concept-unlearning request and predictions arrive; prints a summary and writes out/report.html and out/report.json.");
        var outDir = new Option<string>("--out", "-o") { Description = "Where to write report.html and report.json", DefaultValueFactory = _ => "out" };
        var data = new Option<string>("--data") { Description = "Where the embedded cluster keeps its SQLite store and backbone cache", DefaultValueFactory = _ => ".data" };
        var perTask = new Option<int>("--per-task") { Description = "Training samples per task in the stream", DefaultValueFactory = _ => 2400 };
        cmd.Add(outDir); cmd.Add(data); cmd.Add(perTask);
        cmd.SetAction(async (p, ct) =>
        {
            var options = new DemoOptions { TrainPerTask = p.GetValue(perTask) };
            await RunAsync(options, p.GetValue(outDir)!, p.GetValue(data)!, ct);
            return 0;
        });
        return cmd;
    }

    public static async Task<DemoReport> RunAsync(DemoOptions options, string outDir, string dataDir, CancellationToken ct)
    {
        options.Validate();
        var watch = Stopwatch.StartNew();
        var report = new DemoReport { StartedAt = DateTimeOffset.UtcNow };
        Directory.CreateDirectory(dataDir);
        string db = Path.Combine(dataDir, "demo.db");
        foreach (var f in new[] { db, db + "-wal", db + "-shm" }) if (File.Exists(f)) File.Delete(f);
        var learningOptions = new LearningOptions { BackboneCache = Path.Combine(dataDir, "backbone.bin") };
        var streamOptions = new StreamEngineOptions();
        AnsiConsole.MarkupLine("[bold]ContinualCluster demo[/]: loading Fashion-MNIST and the frozen backbone");
        var demoData = DemoData.Load(options);
        using var learning = LearningFactory.Create(learningOptions, m => AnsiConsole.MarkupLine("  " + Markup.Escape(m)));
        await using var cluster = await EmbeddedCluster.StartAsync(options.Silos, db, streamOptions, learning, ct);
        AnsiConsole.MarkupLine($"cluster: {string.Join(", ", cluster.Silos.Select(s => $"{s.SiloId} ({s.Endpoint})"))}, store SQLite {Markup.Escape(db)}");
        var services = cluster.Silos.Select(s => (IStreamService)new GrainStreamService(s.GrainFactory)).ToList();
        var first = (GrainStreamService)services[0];
        var runner = new DemoRunner(options, demoData, services, () => first.FlushAsync("fashion"), report);
        await runner.RunAsync(ct);
        report.Mode = $"stream grain on an embedded cluster of {options.Silos} silos (SQLite store), calls alternating between silos";
        report.Settings["stream"] = $"Split Fashion-MNIST, 5 tasks × {options.TrainPerTask} samples, batch {options.BatchSize}, one pass, no task labels";
        report.Settings["test"] = $"{options.TestPerTask} test images per task";
        report.Settings["deletions"] = $"{options.DeletionFraction:P0} of samples at random + all samples of {options.OwnersToDelete} owners";
        report.Settings["unlearning"] = $"class {options.ForgetClass} after task {options.ForgetAfterTasks}, {options.ForgetSamples} samples";
        report.Settings["S3T"] = $"m={learningOptions.Shards} shards, L={learningOptions.Slices} slices, B={learningOptions.Sequences} sequences, {learningOptions.StageEpochs} epochs/stage";
        report.Settings["activations"] = string.Join(", ", cluster.Silos.Select(s => $"{s.SiloId}: {s.ActivationCount}"));
        report.Settings["deletion round trip p50/p99 (client)"] = $"{Charts.Percentile(runner.DeletionRoundTrips.ToList(), 0.5):0.0} / {Charts.Percentile(runner.DeletionRoundTrips.ToList(), 0.99):0.0} ms";
        report.DurationSeconds = watch.Elapsed.TotalSeconds;
        var (json, html) = ReportWriter.Write(report, outDir);
        ReportCommand.PrintSummary(report);
        AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(Path.GetFullPath(html))}[/] and {Markup.Escape(Path.GetFullPath(json))}");
        return report;
    }
}
