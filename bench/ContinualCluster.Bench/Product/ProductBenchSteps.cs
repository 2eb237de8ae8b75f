using System.Diagnostics;
using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Client.Demo;
using ContinualCluster.Grains.Learning;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Unlearning.S3T;

namespace ContinualCluster.Bench.Product;

/// <summary>The product benchmark's measurements, each against the stream services of a running cluster.</summary>
public sealed class ProductBenchSteps(IReadOnlyList<IStreamService> services, DemoData data, string stream)
{
    private int _call;
    private readonly List<string> _ingested = new();
    private IStreamService Next => services[Interlocked.Increment(ref _call) % services.Count];

    public async Task<(double Rate, int Batches)> IngestAsync(int tasks, int batch, CancellationToken ct)
    {
        var samples = data.Stream.Where((_, i) => data.StreamTask[i] < tasks).ToList();
        var watch = Stopwatch.StartNew();
        int batches = 0;
        for (int s = 0; s < samples.Count; s += batch, batches++)
        {
            var chunk = samples.Skip(s).Take(batch).ToArray();
            await Next.IngestAsync(stream, new IngestRequest($"bench-{batches}", chunk), ct);
            _ingested.AddRange(chunk.Select(c => c.Id!));
        }
        return (samples.Count / watch.Elapsed.TotalSeconds, batches);
    }

    public async Task<(double PerSecond, double P50, double P99, int Requests)> PredictAsync(int batch, int callers, TimeSpan duration, CancellationToken ct)
    {
        var images = data.Test.SelectMany(t => t).Select(t => t.Pixels).ToArray();
        var latencies = new List<double>();
        long predicted = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var rng = new Random(c);
            while (watch.Elapsed < duration)
            {
                var request = new PredictRequest(Enumerable.Range(0, batch).Select(_ => images[rng.Next(images.Length)]).ToArray());
                var t = Stopwatch.StartNew();
                var r = await Next.PredictAsync(stream, request, ct);
                double ms = t.Elapsed.TotalMilliseconds;
                lock (latencies) latencies.Add(ms);
                Interlocked.Add(ref predicted, r.Predictions.Count);
            }
        }, ct)));
        return (predicted / watch.Elapsed.TotalSeconds, Percentile(latencies, 0.5), Percentile(latencies, 0.99), latencies.Count);
    }

    /// <summary>
    /// Open-loop predictions at a fixed offered rate: request i is sent at i·batch/rate seconds whether or not earlier
    /// ones have answered, and its latency counts from that scheduled time (a late send counts against the product), so
    /// a slow answer cannot hide the requests queued behind it.
    /// </summary>
    public async Task<(double PerSecond, double P50, double P99, int Requests, int MaxInFlight)> PredictAtRateAsync(int batch, double imagesPerSecond,
        TimeSpan duration, CancellationToken ct)
    {
        var images = data.Test.SelectMany(t => t).Select(t => t.Pixels).ToArray();
        var rng = new Random(11);
        var requests = Enumerable.Range(0, 16)
            .Select(_ => new PredictRequest(Enumerable.Range(0, batch).Select(_ => images[rng.Next(images.Length)]).ToArray())).ToArray();
        double interval = batch / imagesPerSecond;
        var latencies = new List<double>();
        var pending = new List<Task>();
        long predicted = 0;
        int inFlight = 0, maxInFlight = 0;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i * interval < duration.TotalSeconds; i++)
        {
            double due = i * interval;
            double wait = due - watch.Elapsed.TotalSeconds;
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait), ct);
            var request = requests[i % requests.Length];
            int now = Interlocked.Increment(ref inFlight);
            if (now > maxInFlight) maxInFlight = now;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    var r = await Next.PredictAsync(stream, request, ct);
                    Interlocked.Add(ref predicted, r.Predictions.Count);
                }
                finally { Interlocked.Decrement(ref inFlight); }
                double ms = (watch.Elapsed.TotalSeconds - due) * 1000;
                lock (latencies) latencies.Add(ms);
            }, ct));
        }
        await Task.WhenAll(pending);
        return (predicted / watch.Elapsed.TotalSeconds, Percentile(latencies, 0.5), Percentile(latencies, 0.99), latencies.Count, maxInFlight);
    }

    /// <summary>
    /// Deletion round trips (acknowledged = excluded from serving, lineage clean), single samples, rotating over the
    /// silos. The first deletion through each silo runs first and is reported apart (<see cref="DeletionLatency.FirstCalls"/>):
    /// it pays once per process for compiling the path and preparing its statements, as the prediction figures leave
    /// their warm-up out.
    /// </summary>
    public async Task<DeletionLatency> DeletionLatencyAsync(int count, CancellationToken ct)
    {
        var rng = new Random(3);
        var first = new List<double>();
        for (int k = 0; k < services.Count; k++) first.Add(await DeleteOneAsync(services[k], $"bench-del-first-{k}", rng, ct));
        var latencies = new List<double>();
        for (int i = 0; i < count; i++) latencies.Add(await DeleteOneAsync(Next, $"bench-del-{i}", rng, ct));
        return new DeletionLatency(Percentile(latencies, 0.5), Percentile(latencies, 0.99), latencies.Count, first.Max());
    }

    private async Task<double> DeleteOneAsync(IStreamService service, string requestId, Random rng, CancellationToken ct)
    {
        string id = _ingested[rng.Next(_ingested.Count)];
        _ingested.Remove(id);
        var t = Stopwatch.StartNew();
        var receipt = await service.DeleteAsync(stream, new DeletionRequest(requestId, new[] { id }, null), ct);
        double ms = t.Elapsed.TotalMilliseconds;
        if (receipt.State == DeletionState.Accepted || receipt.Lineage is not { Clean: true })
            throw new InvalidOperationException($"deletion {requestId} was acknowledged before exclusion or its lineage check failed");
        return ms;
    }

    /// <summary>
    /// Deletes samples of the first task until its expert's shards die and retrain in the background, predicting all the
    /// while (batches of 64, calls alternating silos). Every error answer counts as failed images, 503s included.
    /// </summary>
    public async Task<(long Failed, long Served, int JobsSeen, double Seconds)> FailuresDuringRetrainingAsync(CancellationToken ct)
    {
        var load = await RetrainingLoadAsync(ct);
        return (load.Failed, load.Served, load.JobsSeen, load.Seconds);
    }

    /// <summary>The same run as <see cref="FailuresDuringRetrainingAsync"/>, with latencies, routed-around images and errors by kind.</summary>
    public async Task<RetrainingLoad> RetrainingLoadAsync(CancellationToken ct)
    {
        var images = data.Test.SelectMany(t => t).Select(t => t.Pixels).ToArray();
        using var stop = new CancellationTokenSource();
        long failed = 0, served = 0, routedAround = 0;
        var latencies = new List<double>();
        var errors = new Dictionary<string, int>();
        var loadTask = Task.Run(async () =>
        {
            var rng = new Random(5);
            while (!stop.IsCancellationRequested)
            {
                var request = new PredictRequest(Enumerable.Range(0, 64).Select(_ => images[rng.Next(images.Length)]).ToArray());
                var t = Stopwatch.StartNew();
                try
                {
                    var r = await Next.PredictAsync(stream, request, ct);
                    latencies.Add(t.Elapsed.TotalMilliseconds);
                    served += r.Predictions.Count;
                    routedAround += r.RoutedAround;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    failed += 64;
                    string key = e is ApiException a ? $"{a.Status} {a.Error}" : e.GetType().Name;
                    errors[key] = errors.GetValueOrDefault(key) + 1;
                }
                await Task.Delay(5, CancellationToken.None);
            }
        }, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        int jobs = 0;
        var victims = _ingested.Take(120).ToList();
        for (int i = 0; i < victims.Count; i += 4)
        {
            await Next.DeleteAsync(stream, new DeletionRequest($"bench-kill-{i}", victims.Skip(i).Take(4).ToArray(), null), ct);
            jobs = Math.Max(jobs, (await Next.GetStatusAsync(stream, ct)).RetrainingJobs);
        }
        while (watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            var s = await Next.GetStatusAsync(stream, ct);
            jobs = Math.Max(jobs, s.RetrainingJobs);
            if (s.RetrainingJobs == 0 && s.DeletionsPending == 0) break;
            await Task.Delay(200, ct);
        }
        double seconds = watch.Elapsed.TotalSeconds;
        stop.Cancel();
        await loadTask;
        string errorText = errors.Count == 0 ? "no errors" : string.Join(", ", errors.Select(e => $"{e.Value}× {e.Key}"));
        return new RetrainingLoad(failed, served, routedAround, jobs, seconds, Percentile(latencies, 0.5), Percentile(latencies, 0.99), errorText);
    }

    /// <summary>Serving throughput of one trained checkpoint with its adapters unmerged vs merged into the weights.</summary>
    public static (double Unmerged, double Merged, double MaxDiff) MergeThroughput(LearningFactory learning, DemoData data)
    {
        var backbone = learning.Backbone;
        var trainer = new LoRAExpertTrainer(backbone);
        var train = data.Stream.Take(1024).ToList();
        var pixels = train.SelectMany(s => s.Pixels!).ToArray();
        var state = trainer.Train(trainer.CreateInitial(2, 5), Enumerable.Range(0, backbone.Layers).ToArray(), new ExpertTrainingOptions { Epochs = 1 },
            pixels, train.Select(s => s.Label!.Value % 2).ToArray(), train.Count, 5);
        var (mergedBackbone, head) = AdapterMerge.Merge(backbone, state);
        using var _ = mergedBackbone;
        var merged = new LoRAExpertTrainer(mergedBackbone);
        var batch = data.Test.SelectMany(t => t).Take(256).SelectMany(t => t.Pixels).ToArray();
        var a = trainer.Logits(state, batch, 256);
        var b = merged.Logits(head, batch, 256);
        double diff = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        return (Rate(() => trainer.Logits(state, batch, 256)), Rate(() => merged.Logits(head, batch, 256)), diff);
    }

    /// <summary>
    /// The bare compute of a prediction, as a baseline in the same run: a merged ensemble of three checkpoints (what one
    /// expert serves) answering <paramref name="batch"/> images on 2 threads at once, with no grain call, routing or
    /// copying; its p99 beside the product's shows how much of the tail is the machine's load rather than the product.
    /// </summary>
    public static (double PerSecond, double P50, double P99) BareEnsemble(LearningFactory learning, DemoData data, int batch, TimeSpan duration,
        ServingPrecision precision)
    {
        var backbone = learning.Backbone;
        var trainer = new LoRAExpertTrainer(backbone);
        var train = data.Stream.Take(512).ToList();
        var state = trainer.Train(trainer.CreateInitial(2, 5), Enumerable.Range(0, backbone.Layers).ToArray(), new ExpertTrainingOptions { Epochs = 1 },
            train.SelectMany(s => s.Pixels!).ToArray(), train.Select(s => s.Label!.Value % 2).ToArray(), train.Count, 5);
        using var ensemble = new ServingEnsemble(backbone, new[] { state, state, state }, precision);
        var pixels = data.Test.SelectMany(t => t).Take(batch).SelectMany(t => t.Pixels).ToArray();
        var latencies = new List<double>();
        long images = 0;
        var watch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            while (watch.Elapsed < duration)
            {
                var t = Stopwatch.StartNew();
                ensemble.Logits(pixels, batch);
                double ms = t.Elapsed.TotalMilliseconds;
                lock (latencies) latencies.Add(ms);
                Interlocked.Add(ref images, batch);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return (images / watch.Elapsed.TotalSeconds, Percentile(latencies, 0.5), Percentile(latencies, 0.99));
    }

    private static double Rate(Action predict256)
    {
        predict256();
        var watch = Stopwatch.StartNew();
        int n = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(3)) { predict256(); n += 256; }
        return n / watch.Elapsed.TotalSeconds;
    }

    private static double Percentile(List<double> v, double q)
    {
        if (v.Count == 0) return 0;
        var s = v.OrderBy(x => x).ToArray();
        return s[Math.Clamp((int)Math.Ceiling(q * s.Length) - 1, 0, s.Length - 1)];
    }
}
