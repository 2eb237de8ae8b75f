using System.Diagnostics;
using System.Security.Cryptography;
using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Bench.Runtime;
using ContinualCluster.Client.Demo;
using ContinualCluster.Grains.Learning;
using Npgsql;

namespace ContinualCluster.Bench.Product;

/// <summary>
/// The product benchmark's figures with three silo processes (the built silo host, PostgreSQL as in the manifests),
/// measured through their gateway HTTP APIs: every TARGET line is labelled "(3 silo processes)".
/// </summary>
public static class ThreeSiloProcesses
{
    private const string Label = "(3 silo processes)";
    private const int Silos = 3;

    /// <summary>The batch size the prediction targets are read at, as in the in-process section (ProductBenchmark).</summary>

    public static async Task RunAsync(BenchReport report, DemoData data, LearningFactory learning, string dataDir, bool probe, CancellationToken ct)
    {
        _ = learning.Backbone;   // the silos load the cached backbone instead of each pretraining it
        using var pg = ThrowawayPostgres.Start();
        if (pg.ConnectionString is null)
        {
            report.Row($"{Label} not run", pg.Problem ?? "no PostgreSQL", "");
            report.Target($"product figures {Label}", "not measured", "a PostgreSQL server", false);
            return;
        }
        string database = $"bench_product_{Guid.NewGuid():N}"[..30];
        await using (var admin = new NpgsqlConnection(pg.ConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync(ct);
        }
        var silos = new List<BenchSiloProcess>();
        var services = new List<GatewayStreamService>();
        try
        {
            string key = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
            string secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            string connection = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = database, Pooling = true }.ConnectionString;
            string dll = BenchSiloProcess.SiloDll(System.Environment.GetEnvironmentVariable("CC_REPO_ROOT") ?? ".");
            var watch = Stopwatch.StartNew();
            bool trace = System.Environment.GetEnvironmentVariable("CC_TRACE") == "1";   // each silo's recent log, printed at the end
            var starting = Enumerable.Range(0, Silos).Select(i => BenchSiloProcess.StartAsync(dll,
                trace ? new Dictionary<string, string>(SiloEnvironment(i, key, secret, connection, Path.Combine(dataDir, "backbone.bin"))) { ["CC_TRACE"] = "1" }
                      : SiloEnvironment(i, key, secret, connection, Path.Combine(dataDir, "backbone.bin")), Path.GetDirectoryName(dll)!, TimeSpan.FromMinutes(3))).ToList();   // the image's WORKDIR: its appsettings.json applies (log level Warning)
            try { await Task.WhenAll(starting); }
            finally { silos.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)); }   // stopped below either way
            report.Row($"{Label} started", $"{watch.Elapsed.TotalSeconds:0.0} s", "the built silo host, PostgreSQL store, calls through the gateway HTTP API");
            services.AddRange(silos.Select(s => new GatewayStreamService(s.Gateway, key)));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var runtimeBefore = await Task.WhenAll(silos.Select(s => SiloRuntimeFigures.ReadAsync(http, s.Gateway, ct)));
            await MeasureAsync(report, services, data, ct, !probe ? null : async (stream, deletable) =>
            {
                await GatewayLatencyProbe.RunAsync(report, Label, silos.Select(s => s.Gateway).ToList(),
                    () => silos.Aggregate(TimeSpan.Zero, (t, s) => t + s.CpuTime), key, stream,
                    data.Test.SelectMany(t => t).Select(t => t.Pixels).Take(PredictionTargets.Batch).ToArray(), deletable, ct);
                await GatewayLatencyProbe.LedgerAppendAsync(report, Label, connection, ct);
            });
            for (int i = 0; i < silos.Count; i++)
                report.Row($"{Label} silo {i} runtime", "", (await SiloRuntimeFigures.ReadAsync(http, silos[i].Gateway, ct)).Since(runtimeBefore[i]));
            if (trace) foreach (var s in silos) Console.Error.WriteLine(s.RecentLog(2000));
            if (services.Select(s => s.FirstFailure).FirstOrDefault(f => f is not null) is { } failure)
            {
                report.Row($"{Label} first failed prediction", "", failure.Length > 160 ? failure[..160] : failure);
                foreach (var s in silos) Console.Error.WriteLine(s.RecentLog());   // the silo's side of the failure
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            report.Row($"{Label} failed", e.GetType().Name, e.Message.Split('\n')[0]);
            report.Target($"product figures {Label}", "not measured: " + e.GetType().Name, "a running 3-silo cluster", false);
            Console.Error.WriteLine(e);
            foreach (var s in silos) Console.Error.WriteLine(s.RecentLog());
        }
        finally
        {
            foreach (var s in services) s.Dispose();
            foreach (var s in silos) s.Dispose();
            await DropAsync(pg.ConnectionString, database);
        }
    }

    /// <summary>The manifest's ConfigMap settings that matter here, plus what a pod has of its own (name, ports, keys).</summary>
    private static Dictionary<string, string> SiloEnvironment(int i, string key, string secret, string connection, string backbone) => new()
    {
        ["CCL_Silo__Name"] = $"bench-silo-{i}",
        ["CCL_Silo__Port"] = BenchSiloProcess.FreePort().ToString(),
        ["CCL_Gateway__Port"] = BenchSiloProcess.FreePort().ToString(),
        ["CCL_Gateway__Keys__0"] = "admin:" + key,
        ["CCL_Cluster__Secret"] = secret,
        ["CCL_Store__Kind"] = "postgresql",
        ["CCL_Store__ConnectionString"] = connection,
        ["CCL_Learning__BackboneCache"] = backbone,
        ["CCL_Stream__TrainEverySamples"] = "1024",   // as the embedded section's StreamEngineOptions
        ["CCL_Silo__TorchThreads"] = "1",             // as k8s/base/config.yaml (the pod's CPU request)
        ["DOTNET_gcServer"] = "0",                    // as k8s/base/config.yaml
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    private static async Task MeasureAsync(BenchReport report, IReadOnlyList<IStreamService> services, DemoData data, CancellationToken ct,
        Func<string, IReadOnlyList<string>, Task>? probe)
    {
        const string stream = "bench3";
        var steps = new ProductBenchSteps(services, data, stream);
        var (ingestRate, batches) = await steps.IngestAsync(3, 128, ct);
        report.Row($"{Label} ingest while training", $"{ingestRate:0} samples/s", $"{batches} batches of 128, 3 tasks, calls rotating over the silos");
        double settled = await SettleAsync(services[0], stream, ct);
        report.Row($"{Label} training settled", $"{settled:0.0} s", "after the last batch, until no retraining job runs");

        await PredictionTargets.ReportAsync(report, steps, Label, "binary bodies, ", ct);   // as the in-process section

        var deletion = await steps.DeletionLatencyAsync(200, ct);   // as the in-process section
        report.Row($"{Label} deletion acknowledged (excluded) round trip", $"p50 {deletion.P50:0.0} ms", $"p99 {deletion.P99:0.0} ms over {deletion.Count} single-sample requests, rotating over the silos; the first through each silo, apart: up to {deletion.FirstCalls:0.0} ms");
        report.TargetAtMost($"deletion → excluded p99 across silos {Label}", deletion.P99, 50, " ms", "0.0");

        // Where the time goes (not a target): sequential calls through each silo, client latency beside the silo's own time.
        // It deletes samples of the last ingested task, which the retraining step below (first ingested ids) does not use.
        var lastTask = data.Stream.Where((_, i) => data.StreamTask[i] == 2).Select(s => s.Id!).Reverse().Take(30).ToList();
        if (probe is not null) await probe(stream, lastTask);

        var load = await steps.RetrainingLoadAsync(ct);
        report.Row($"{Label} predictions during background retraining", $"{load.Failed} failed of {load.Served + load.Failed}",
            $"{load.Errors}; {load.RoutedAround} routed around a retraining expert; p50 {load.P50:0.0} ms, p99 {load.P99:0.0} ms (batches of 64); " +
            $"max retraining jobs seen {load.JobsSeen}, retraining finished in {load.Seconds:0.0} s");
        report.TargetAtMost($"failed predictions during background retraining {Label}", load.Failed, 0, "", "0");
    }

    /// <summary>Waits (at most 3 minutes) until the stream runs no retraining job and a prediction is served.</summary>
    private static async Task<double> SettleAsync(IStreamService service, string stream, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var probe = new PredictRequest([new float[ApiLimits.ImageSize]]);
        while (watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            if ((await service.GetStatusAsync(stream, ct)).RetrainingJobs == 0)
            {
                try { await service.PredictAsync(stream, probe, ct); return watch.Elapsed.TotalSeconds; }
                catch (ApiException e) when (e.Status == 503) { }
            }
            await Task.Delay(250, ct);
        }
        throw new TimeoutException($"stream {stream} still retraining (or serving no expert) after 3 minutes");
    }

    private static async Task DropAsync(string server, string database)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException) { }
    }
}
