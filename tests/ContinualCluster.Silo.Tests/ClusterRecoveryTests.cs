using System.Diagnostics;
using ContinualCluster.Abstractions.Api;
using Xunit;

namespace ContinualCluster.Silo.Tests;

/// <summary>
/// Real silo processes on PostgreSQL, killed without warning: the stream grain is re-activated elsewhere from the
/// store and keeps every acknowledged batch and deletion; a request cut off by the kill and retried is applied once;
/// a deleted sample never comes back.
/// </summary>
public sealed class ClusterRecoveryTests
{
    private const string Stream = "v1/streams/recover/";

    [Fact]
    public async Task Every_acknowledged_batch_and_deletion_survives_kill_9_of_every_silo_and_retries_apply_once()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        string dir = Directory.CreateTempSubdirectory("ccl-recover-").FullName;
        var a = await SiloProcess.StartAsync("silo-a", "postgresql", db.ConnectionString, dir);
        var b = await SiloProcess.StartAsync("silo-b", "postgresql", db.ConnectionString, dir);
        await using var _a = a;
        await using var _b = b;

        const int batch = 32, batches = 8;
        var samples = TestData.Task(0, batch * (batches + 1));
        IngestRequest Batch(int i) => new($"r-b{i}", samples.Skip(i * batch).Take(batch).ToArray());
        for (int i = 0; i < batches; i++)
        {
            var (status, body) = await GatewayHttp.PostAsync(i % 2 == 0 ? a.Gateway : b.Gateway, Stream + "samples", SiloProcess.IngestKey, Batch(i));
            Assert.True(status == 202, $"ingest {i}: {status} {body}");
        }
        string[] victims = { samples[3].Id!, samples[40].Id!, samples[200].Id! };
        var (ds, receipt) = await GatewayHttp.PostAsync(b.Gateway, Stream + "deletions", SiloProcess.AdminKey, new DeletionRequest("r-del", victims, null));
        Assert.True(ds == 202, $"deletion: {ds} {receipt}");
        long expected = batches * batch - victims.Length;

        // Silo A dies in the middle of a request; the client retries the same request id through B until it is accepted.
        var cut = GatewayHttp.PostAsync(a.Gateway, Stream + "samples", SiloProcess.IngestKey, Batch(batches));
        await Task.Delay(30);
        a.Kill();
        try { await cut; } catch (HttpRequestException) { } catch (TaskCanceledException) { }
        await RetryUntilAsync(() => GatewayHttp.PostAsync(b.Gateway, Stream + "samples", SiloProcess.IngestKey, Batch(batches)), 202, "retry after kill");
        expected += batch;
        Assert.Equal(expected, await SamplesAsync(b));

        // Now B dies too: a fresh silo must rebuild the stream from PostgreSQL alone.
        b.Kill();
        await using var c = await SiloProcess.StartAsync("silo-c", "postgresql", db.ConnectionString, dir);
        Assert.Equal(expected, await SamplesAsync(c));
        var (rs, again) = await RetryUntilAsync(() => GatewayHttp.PostAsync(c.Gateway, Stream + "samples", SiloProcess.IngestKey, Batch(3)), 202, "retried batch");
        Assert.True(again.GetProperty("duplicate").GetBoolean(), $"a retried batch must be applied once: {again}");
        var (gs, restored) = await GatewayHttp.GetAsync(c.Gateway, Stream + "deletions/r-del", SiloProcess.AdminKey);
        Assert.True(gs == 200, $"receipt after recovery: {gs} {restored}");
        Assert.NotEqual("accepted", restored.GetProperty("state").GetString());

        // A deleted sample cannot come back: re-sending it is a conflict and the count does not move.
        var resend = new IngestRequest("r-resend", samples.Where(s => s.Id == victims[1]).ToArray());
        var (cs, conflict) = await GatewayHttp.PostAsync(c.Gateway, Stream + "samples", SiloProcess.IngestKey, resend);
        Assert.True(cs == 409, $"re-ingesting a deleted id: {cs} {conflict}");
        Assert.Equal(expected, await SamplesAsync(c));

        // The rebuilt stream trains and serves again, and its receipt reaches "retrained" with a clean lineage.
        var watch = Stopwatch.StartNew();
        var (img, _) = TestData.TestImages(0, 50);
        int ps;
        do { (ps, _) = await GatewayHttp.PostAsync(c.Gateway, Stream + "predict", SiloProcess.PredictKey, new PredictRequest(img)); if (ps != 200) await Task.Delay(500); }
        while (ps == 503 && watch.Elapsed < TimeSpan.FromSeconds(90));
        Assert.Equal(200, ps);
    }

    private static async Task<long> SamplesAsync(SiloProcess silo)
    {
        var (_, body) = await RetryUntilAsync(() => GatewayHttp.GetAsync(silo.Gateway, Stream + "status", SiloProcess.AdminKey), 200, $"status via {silo.Name}");
        return body.GetProperty("samples").GetInt64();
    }

    private static async Task<(int Status, System.Text.Json.JsonElement Body)> RetryUntilAsync(
        Func<Task<(int Status, System.Text.Json.JsonElement Body)>> call, int wanted, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            (int Status, System.Text.Json.JsonElement Body) r;
            try { r = await call(); }
            catch (HttpRequestException) { r = (0, default); }
            if (r.Status == wanted) return r;
            Assert.True(r.Status is 0 or 503 or 504 or 500 && watch.Elapsed < TimeSpan.FromSeconds(60), $"{what}: {r.Status} {r.Body}");
            await Task.Delay(500);
        }
    }
}
