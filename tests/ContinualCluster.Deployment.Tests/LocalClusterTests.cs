using System.Text.Json;
using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ContinualCluster.Deployment.Tests;

/// <summary>
/// Silo processes started with exactly the environment and command of the rendered ccl-silo StatefulSet, against
/// PostgreSQL: kill -9 and restart, scale 2 → 3 (new streams are placed on the new silo) → 2 (a graceful leave: its
/// streams move back onto the remaining silos). The rolling restart is in <see cref="RollingRestartTests"/>.
/// </summary>
public sealed class LocalClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(60);
    private static readonly string[] Streams = ["k8s-a", "k8s-b", "k8s-c", "k8s-d"];
    private static readonly string[] Fresh = ["k8s-e", "k8s-f", "k8s-g"];

    private static async Task<string> ActivationsAsync(ManifestCluster cluster, params int[] ordinals)
    {
        var parts = new List<string>();
        foreach (int i in ordinals) parts.Add($"ccl-silo-{i}: {(await SiloMetrics.ReadAsync(cluster[i].Gateway))?.Activations.ToString() ?? "?"} activations");
        return string.Join(", ", parts);
    }

    private static bool Accepted(GatewayClient.Response r) => r.Status is 200 or 202;

    /// <summary>Posts until accepted, retrying (same request id) on 5xx and connection errors, failing at once on a 4xx.</summary>
    private static async Task<GatewayClient.Response> PostUntilAcceptedAsync(GatewayClient client, string path, string body, string what)
    {
        var r = await Eventually.SucceedsAsync(() => client.PostJsonAsync(path, body),
            r => Accepted(r) || r.Status is >= 400 and < 500 and not 408 and not 429, Recovery, what);
        return Accepted(r) ? r : throw new Xunit.Sdk.XunitException($"{what}: {r.Status} {r.Body}");
    }

    private static long SampleCount(GatewayClient.Response status) =>
        JsonDocument.Parse(status.Body).RootElement.GetProperty("samples").GetInt64();

    /// <summary>Live sample counts per (stream, silo) after the scenario, and what the acknowledged requests add up to.</summary>
    private sealed record Outcome(Dictionary<(string Stream, int Silo), long> Counts, Dictionary<string, long> Expected);

    [ClusterFact]
    public async Task Manifest_silos_keep_every_acknowledged_batch_through_kill_9_and_scale_2_3_2()
    {
        var o = await RunScenarioAsync();
        foreach (var ((stream, silo), n) in o.Counts) Assert.True(o.Expected[stream] == n, $"{stream} via silo {silo}: {n} samples, expected {o.Expected[stream]}");
    }

    private async Task<Outcome> RunScenarioAsync()
    {
        await using var cluster = await ManifestCluster.CreateAsync("cpu", "ccl-silo");
        string admin = cluster.Key("gateway-key-admin");
        var started = DateTime.UtcNow;
        await Task.WhenAll(cluster.StartAsync(0), cluster.StartAsync(1));
        output.WriteLine($"2 silos ready after {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        GatewayClient Via(int ordinal) => new(cluster[ordinal].Gateway, admin);

        // Batches through both gateways; one deletion acknowledged by silo 1 just before it dies.
        var expected = new Dictionary<string, long>();
        for (int i = 0; i < Streams.Length; i++)
        {
            await PostUntilAcceptedAsync(Via(i % 2), $"/v1/streams/{Streams[i]}/samples", Samples.Ingest($"a-{i}", $"a{i}", 24, i, [0, 1]), $"ingest a-{i}");
            expected[Streams[i]] = 24;
        }
        var ack = await PostUntilAcceptedAsync(Via(1), $"/v1/streams/{Streams[0]}/deletions", Samples.Delete("del-1", ["a0-1", "a0-2", "a0-3"]), "deletion del-1");
        output.WriteLine($"deletion acknowledged: {ack.Body[..Math.Min(160, ack.Body.Length)]}");
        expected[Streams[0]] -= 3;                        // status counts the stream's live (not deleted) samples

        cluster[1].Kill9();
        var afterKill = DateTime.UtcNow;
        // The survivor takes over the dead silo's grains (after its lease runs out) from the stored state.
        var receipt = await Eventually.SucceedsAsync(() => Via(0).GetAsync($"/v1/streams/{Streams[0]}/deletions/del-1"), r => r.Status == 200, Recovery, "the acknowledged deletion after kill -9");
        Assert.Contains("\"requestId\":\"del-1\"", receipt.Body);
        for (int i = 0; i < Streams.Length; i++)
        {
            await PostUntilAcceptedAsync(Via(0), $"/v1/streams/{Streams[i]}/samples", Samples.Ingest($"b-{i}", $"b{i}", 16, 10 + i, [0, 1]), $"ingest b-{i} after kill -9");
            expected[Streams[i]] += 16;
        }
        output.WriteLine($"recovered from kill -9 in {(DateTime.UtcNow - afterKill).TotalSeconds:0.0} s");

        await cluster.StartAsync(1);                      // the pod comes back under the same name: a new generation
        await cluster.StartAsync(2);                      // scale 2 -> 3
        // Work moves onto the new silo: streams first called now are placed on the least loaded silos. The caller's
        // membership view refreshes every second, so a stream first called before silo 0 has seen the new silo lands on
        // one it knows: more new streams are called (at most 20) until one is placed on the new silo.
        SiloMetrics? onNew = null;
        for (int k = 0; k < 20 && onNew is not { Activations: > 0 }; k++)
        {
            string stream = k < Fresh.Length ? Fresh[k] : $"k8s-n{k}";
            await PostUntilAcceptedAsync(Via(0), $"/v1/streams/{stream}/samples", Samples.Ingest($"n-{stream}", $"n-{stream}", 8, 30, [0, 1]), $"ingest into new {stream}");
            expected[stream] = 8;
            onNew = await SiloMetrics.ReadAsync(cluster[2].Gateway);
            if (k >= Fresh.Length - 1 && onNew is not { Activations: > 0 }) await Task.Delay(500);
        }
        output.WriteLine($"after scale-out: {await ActivationsAsync(cluster, 0, 1, 2)}");
        Assert.True(onNew is { Activations: > 0 }, $"no activation was placed on the new silo ccl-silo-2 ({onNew})");
        for (int i = 0; i < Streams.Length; i++)
        {
            // Retried with the same request id: applied once.
            await PostUntilAcceptedAsync(Via(2), $"/v1/streams/{Streams[i]}/samples", Samples.Ingest($"b-{i}", $"b{i}", 16, 10 + i, [0, 1]), $"retry b-{i} via the new silo");
            await PostUntilAcceptedAsync(Via(2), $"/v1/streams/{Streams[i]}/samples", Samples.Ingest($"c-{i}", $"c{i}", 8, 20 + i, [0, 1]), $"ingest c-{i} via the new silo");
            expected[Streams[i]] += 8;
        }

        var stop = await cluster[2].StopLikeKubeletAsync(); // scale 3 -> 2: preStop, SIGTERM, graceful leave
        output.WriteLine($"silo 2 stopped: {stop}");
        Assert.Equal(0, stop.PreStopExitCode);
        Assert.True(stop.ExitedAfterSigterm, "silo 2 did not leave within the grace period after SIGTERM");
        Assert.Equal(0, stop.ExitCode);

        var counts = new Dictionary<(string, int), long>();
        foreach (var ordinal in new[] { 0, 1 })
            foreach (var stream in expected.Keys)
            {
                var status = await Eventually.SucceedsAsync(() => Via(ordinal).GetAsync($"/v1/streams/{stream}/status"), r => r.Status == 200, Recovery, $"status of {stream}");
                counts[(stream, ordinal)] = SampleCount(status);
                output.WriteLine($"{stream} via silo {ordinal}: {counts[(stream, ordinal)]} samples (acknowledged: {expected[stream]})");
            }
        // Work moved back: every stream, including those the leaving silo held, is now active on silo 0 or 1.
        var left = new[] { await SiloMetrics.ReadAsync(cluster[0].Gateway), await SiloMetrics.ReadAsync(cluster[1].Gateway) };
        output.WriteLine($"after scale-in: {await ActivationsAsync(cluster, 0, 1)}");
        Assert.True(left.Sum(m => m?.Activations ?? 0) >= expected.Count,
            $"after ccl-silo-2 left, silos 0 and 1 hold {left.Sum(m => m?.Activations ?? 0)} activations for {expected.Count} streams");
        var final = await Via(1).GetAsync($"/v1/streams/{Streams[0]}/deletions/del-1");
        Assert.Equal(200, final.Status);

        var audit = Plugin.Run(["audit-verify", "--psql", cluster.Database.LibpqConnInfo]);
        output.WriteLine(audit.StdOut);
        Assert.True(audit.ExitCode == 0, audit.StdErr + audit.StdOut);
        return new Outcome(counts, expected);
    }
}
