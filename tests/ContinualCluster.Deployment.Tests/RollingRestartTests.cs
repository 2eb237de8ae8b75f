using System.Collections.Concurrent;
using System.Text.Json;
using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ContinualCluster.Deployment.Tests;

/// <summary>
/// Issue 7 (b): a rolling restart of the rendered StatefulSet (highest ordinal first, preStop then SIGTERM, each pod
/// back and ready before the next) while clients keep asking for predictions through the Service: no request may
/// fail after a client's retries.
/// </summary>
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    private const string Stream = "rolling";

    [ClusterFact]
    public async Task A_rolling_restart_under_continuous_predictions_fails_no_request_after_retries()
    {
        await using var cluster = await ManifestCluster.CreateAsync(KillDuringTrainingTests.SmallStream, "ccl-silo");
        string admin = cluster.Key("gateway-key-admin");
        await Task.WhenAll(cluster.StartAsync(0), cluster.StartAsync(1));
        var endpoints = new ServiceEndpoints();
        foreach (int i in new[] { 0, 1 }) endpoints.Add(i, cluster[i].Gateway);
        var client = new ServiceClient(endpoints, admin, 1);

        // A trained expert to serve: more batches than the overlay's TrainEverySamples (256), then wait until it serves.
        const int batches = 10, batchSize = 32;
        for (int b = 0; b < batches; b++)
        {
            var o = await client.PostAsync($"/v1/streams/{Stream}/samples", Samples.Ingest($"roll-{b}", $"r{b}", batchSize, b, [0, 1]), TimeSpan.FromSeconds(60));
            Assert.True(o.Status == 202, $"ingest roll-{b}: {o}");
        }
        var first = await client.PostAsync($"/v1/streams/{Stream}/predict", Samples.Predict(4, 0), TimeSpan.FromSeconds(120));
        Assert.True(first.Status == 200, $"the stream never served a prediction: {first}");

        using var stop = new CancellationTokenSource();
        int requests = 0, retried = 0;
        var failed = new ConcurrentQueue<string>();
        var versions = new ConcurrentDictionary<long, int>();
        var load = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            var c = new ServiceClient(endpoints, admin, 10 + w);
            for (int n = 0; !stop.IsCancellationRequested; n++)
            {
                var o = await c.PostAsync($"/v1/streams/{Stream}/predict", Samples.Predict(8, 100 * w + n % 50), TimeSpan.FromSeconds(30));
                Interlocked.Increment(ref requests);
                Interlocked.Add(ref retried, o.Attempts - 1);
                if (o.Status != 200) { failed.Enqueue($"worker {w} request {n}: {o}"); continue; }
                var r = JsonDocument.Parse(o.Final!.Body).RootElement;
                if (r.GetProperty("predictions").GetArrayLength() != 8) failed.Enqueue($"worker {w} request {n}: not 8 predictions: {o}");
                versions.AddOrUpdate(r.GetProperty("modelVersion").GetInt64(), 1, (_, k) => k + 1);
            }
        })).ToList();

        foreach (int ordinal in new[] { 1, 0 })   // highest ordinal first, one at a time, as the StatefulSet controller does
        {
            endpoints.Remove(ordinal);             // not ready: out of the Service's endpoints before preStop runs
            var outcome = await cluster[ordinal].StopLikeKubeletAsync();
            output.WriteLine($"silo {ordinal} stopped: {outcome}; {requests} predictions so far");
            Assert.True(outcome.ExitedAfterSigterm, $"silo {ordinal} did not leave gracefully:\n{cluster[ordinal].RecentLog(30)}");
            await cluster.StartAsync(ordinal);
            endpoints.Add(ordinal, cluster[ordinal].Gateway);
            await Task.Delay(TimeSpan.FromSeconds(2));   // minReadySeconds, shortened
        }
        stop.Cancel();
        await Task.WhenAll(load);

        var status = await client.GetAsync($"/v1/streams/{Stream}/status", TimeSpan.FromSeconds(30));
        output.WriteLine($"{requests} prediction requests during the rolling restart, {retried} retries, {failed.Count} failed after retries; " +
                         $"model versions served: {string.Join(", ", versions.OrderBy(v => v.Key).Select(v => $"{v.Key}×{v.Value}"))}; status: {status}");
        Assert.True(requests > 30, $"only {requests} predictions ran");
        Assert.True(failed.IsEmpty, $"{failed.Count} predictions failed after 30 s of retries:\n{string.Join('\n', failed.Take(10))}");
    }
}
