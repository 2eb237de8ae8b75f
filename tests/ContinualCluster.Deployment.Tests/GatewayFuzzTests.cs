using System.Collections.Concurrent;
using System.Diagnostics;
using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ContinualCluster.Deployment.Tests;

/// <summary>Hostile requests (JSON and binary predict bodies) against a silo started from the manifest, for a bounded time: only 4xx, the silo survives.</summary>
public sealed class GatewayFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FuzzTime = TimeSpan.FromSeconds(8);

    [ClusterFact]
    public async Task Malformed_requests_get_only_4xx_and_the_silo_keeps_serving()
    {
        await using var cluster = await ManifestCluster.CreateAsync("cpu", "ccl-silo");
        var silo = await cluster.StartAsync(0);
        string admin = cluster.Key("gateway-key-admin"), predict = cluster.Key("gateway-key-predict");
        var client = new GatewayClient(silo.Gateway, admin);
        Assert.Equal(202, (await client.PostJsonAsync("/v1/streams/fuzz-0/samples", Samples.Ingest("ok-1", "ok1", 8, 1, [0, 1]))).Status);

        var statuses = new ConcurrentDictionary<string, ConcurrentBag<int>>();
        var failures = new ConcurrentQueue<string>();
        var sw = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var fuzzer = new GatewayFuzzer(seed: 1000 + w, admin, predict);
            while (sw.Elapsed < FuzzTime)
            {
                var c = fuzzer.Next();
                GatewayClient.Response r;
                try { r = await client.SendAsync(c.Method, c.Path, c.Body, c.ContentType, c.Authorization, useKey: false); }
                catch (HttpRequestException e) when (c.Body?.Length > 8 << 20)
                {
                    // A body far above the limit may be cut off after the 413 (as the oversize case below allows).
                    output.WriteLine($"{c.Name}: connection closed by the server ({e.Message})");
                    continue;
                }
                statuses.GetOrAdd(c.Name, _ => new ConcurrentBag<int>()).Add(r.Status);
                if (r.Status is < 400 or >= 500) failures.Enqueue($"{c.Name} {c.Method} {c.Path}: {r.Status} {r.Body[..Math.Min(200, r.Body.Length)]}");
            }
        })).ToList();
        await Task.WhenAll(workers);

        // Oversize: a body above the 64 MiB default limit is refused with 413 (or the connection is cut after it).
        var big = new GatewayFuzzer(7, admin, predict).Oversize(65L * 1024 * 1024);
        try
        {
            var r = await client.SendAsync(big.Method, big.Path, big.Body, big.ContentType, big.Authorization, useKey: false);
            statuses.GetOrAdd(big.Name, _ => new ConcurrentBag<int>()).Add(r.Status);
            if (r.Status != 413) failures.Enqueue($"oversize: {r.Status} {r.Body[..Math.Min(200, r.Body.Length)]}");
        }
        catch (HttpRequestException e) { output.WriteLine($"oversize: connection closed by the server ({e.Message})"); }

        foreach (var (name, codes) in statuses.OrderBy(kv => kv.Key))
            output.WriteLine($"{name,-14} {codes.Count,5} requests: {string.Join(", ", codes.GroupBy(c => c).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
        Assert.True(statuses.Values.Sum(b => b.Count) > 50, "the fuzzer sent too few requests to mean anything");
        Assert.True(failures.IsEmpty, string.Join('\n', failures.Take(20)));

        Assert.False(silo.HasExited, silo.RecentLog());
        Assert.Equal(200, (await client.GetAsync("/healthz")).Status);
        Assert.Equal(200, (await client.GetAsync("/readyz")).Status);
        Assert.Equal(202, (await client.PostJsonAsync("/v1/streams/fuzz-0/samples", Samples.Ingest("ok-2", "ok2", 8, 2, [0, 1]))).Status);
        var status = await client.GetAsync("/v1/streams/fuzz-0/status");
        Assert.Equal(200, status.Status);
        Assert.Contains("\"samples\":16", status.Body);   // nothing from the hostile requests was applied
        // The plugin sends a .f32 file as the binary body: the gateway decodes it and names the NaN's image and pixel.
        string f32 = Path.Combine(Path.GetTempPath(), $"ccl-fuzz-{Guid.NewGuid():N}.f32");
        var floats = new float[2 * 784];
        floats[784 + 5] = float.NaN;
        File.WriteAllBytes(f32, System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.AsSpan()).ToArray());
        try
        {
            var plugin = Plugin.Run(["--url", silo.Gateway.ToString().TrimEnd('/'), "predict", "fuzz-0", f32], key: "predict:" + predict);
            Assert.Equal(1, plugin.ExitCode);
            Assert.Contains("image 1 pixel 5 is NaN", plugin.StdErr);
        }
        finally { File.Delete(f32); }
        var audit = Plugin.Run(["audit-verify", "--psql", cluster.Database.LibpqConnInfo]);
        Assert.True(audit.ExitCode == 0, audit.StdErr + audit.StdOut);
    }
}
