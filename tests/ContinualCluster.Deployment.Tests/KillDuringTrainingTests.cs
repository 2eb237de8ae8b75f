using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ContinualCluster.Deployment.Tests;

/// <summary>
/// Issue 7 (a): silo processes from the rendered small-stream overlay; kill -9 of the silo that is training one stream
/// while batches and deletions keep arriving through the Service, with the stream's served lineage checked
/// continuously (<see cref="LineageWatch"/>) before, during and after the kill, and after the pod comes back.
/// </summary>
public sealed class KillDuringTrainingTests(ITestOutputHelper output)
{
    public const string SmallStream = "tests/ContinualCluster.Deployment.Tests/Overlays/small-stream";
    private const string Stream = "chaos";
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(90);

    /// <summary>What the scenario observed, for the assertions of the two facts below.</summary>
    private sealed record Outcome(LineageWatch Watch, ChaosLoad Load, int DeletionsAfterKill, bool FinalRoundClean,
        List<string> DurableDeletions, Dictionary<int, long> StatusSamples, ProcessRunner.Result Audit);

    [ClusterFact]
    public async Task Kill_9_of_the_training_silo_never_serves_a_deleted_id_loses_no_acknowledged_request_and_recovers()
    {
        var o = await RunAsync();
        Assert.True(o.Watch.Violations.Count == 0, "served lineage held an acknowledged deleted id:\n" + string.Join('\n', o.Watch.Violations.Take(10)));
        Assert.True(o.Watch.CleanProbes >= 5, $"only {o.Watch.CleanProbes} lineage probes came back clean: the check did not run continuously");
        Assert.True(o.DeletionsAfterKill >= 3, $"only {o.DeletionsAfterKill} deletions were acknowledged after the kill: the cluster did not recover");
        // The durable deletion log: every acknowledged request id has its row in PostgreSQL.
        var missing = o.Load.AcknowledgedRequestIds.Except(o.DurableDeletions).ToList();
        Assert.True(missing.Count == 0, $"acknowledged deletions missing from the request log: {string.Join(", ", missing.Take(10))}");
        // What the stream itself keeps through the move: every receipt, every acknowledged batch, every request answered.
        Assert.True(o.Watch.Lost.Count == 0, "acknowledged deletions lost after the kill:\n" + string.Join('\n', o.Watch.Lost.Take(10)));
        Assert.True(o.Load.Failures.Count == 0, "requests not acknowledged after retries:\n" + string.Join('\n', o.Load.Failures.Take(10)));
        Assert.True(o.FinalRoundClean, "the final round over every acknowledged deletion was not clean");
        foreach (var (silo, n) in o.StatusSamples) Assert.True(n == o.Load.LiveSamples, $"status via silo {silo}: {n} samples, acknowledged live {o.Load.LiveSamples}");
        Assert.True(o.Audit.ExitCode == 0, o.Audit.StdErr + o.Audit.StdOut);
    }

    private async Task<Outcome> RunAsync()
    {
        await using var cluster = await ManifestCluster.CreateAsync(SmallStream, "ccl-silo");
        string admin = cluster.Key("gateway-key-admin");
        await Task.WhenAll(cluster.StartAsync(0), cluster.StartAsync(1));
        var endpoints = new ServiceEndpoints();
        foreach (int i in new[] { 0, 1 }) endpoints.Add(i, cluster[i].Gateway);
        var watch = new LineageWatch(endpoints, admin, Stream);
        var load = new ChaosLoad(endpoints, admin, Stream, watch);
        using var stop = new CancellationTokenSource();
        var running = new[] { load.IngestAsync(stop.Token, TimeSpan.FromMilliseconds(50)), load.DeleteAsync(stop.Token, TimeSpan.FromMilliseconds(150)), watch.RunAsync(stop.Token) };

        // The victim: the silo whose /metrics shows the stream retraining, once deletions are flowing.
        int victim = -1;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (victim < 0)
        {
            if (waited.Elapsed > Recovery) throw new TimeoutException($"no silo reported a retraining job within {Recovery.TotalSeconds:0} s ({load.AcknowledgedBatches} batches, {load.AcknowledgedDeletions} deletions; {Failures(load)})");
            foreach (int i in new[] { 0, 1 })
                if (load.AcknowledgedDeletions >= 3 && await SiloMetrics.ReadAsync(cluster[i].Gateway) is { RetrainingJobs: > 0 } m)
                {
                    victim = i;
                    output.WriteLine($"t={load.Now:0.0}s silo {i} is training ({m}); {load.AcknowledgedBatches} batches, {load.AcknowledgedDeletions} deletions acknowledged; kill -9");
                    break;
                }
            if (victim < 0) await Task.Delay(100);
        }
        cluster[victim].Kill9();
        endpoints.Remove(victim);   // the kubelet sees the container die and the pod leaves the endpoints
        double killedAt = load.Now;

        while (load.DeletionsSince(killedAt) < 3 && load.Now - killedAt < Recovery.TotalSeconds) await Task.Delay(200);
        int afterKill = load.DeletionsSince(killedAt);
        output.WriteLine($"t={load.Now:0.0}s {afterKill} deletions acknowledged since the kill; watch: {watch.Summary()}");

        await cluster.StartAsync(victim);   // the StatefulSet recreates the pod: a new generation of the same silo
        endpoints.Add(victim, cluster[victim].Gateway);
        // Traffic goes on with both silos until the served models have been probed clean a few more times (at most 30 s).
        long probesAtRestart = watch.CleanProbes;
        var more = System.Diagnostics.Stopwatch.StartNew();
        while ((watch.CleanProbes < probesAtRestart + 3 || more.Elapsed < TimeSpan.FromSeconds(3)) && more.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(200);
        stop.Cancel();
        await Task.WhenAll(running);

        bool finalClean = await watch.FullRoundAsync(TimeSpan.FromSeconds(30));
        var status = new Dictionary<int, long>();
        foreach (int i in new[] { 0, 1 })
        {
            var s = await new ServiceClient(Single(i, cluster), admin, i).GetAsync($"/v1/streams/{Stream}/status", TimeSpan.FromSeconds(30));
            status[i] = s.Status == 200 ? System.Text.Json.JsonDocument.Parse(s.Final!.Body).RootElement.GetProperty("samples").GetInt64() : -1;
        }
        output.WriteLine($"t={load.Now:0.0}s done: {load.AcknowledgedBatches} batches, {load.AcknowledgedDeletions} deletions, live {load.LiveSamples}; status {string.Join(", ", status.Select(kv => $"silo {kv.Key}: {kv.Value}"))}");
        output.WriteLine($"watch: {watch.Summary()}; final round clean: {finalClean}");
        foreach (var line in watch.Violations.Concat(watch.Lost).Concat(load.Failures).Take(15)) output.WriteLine("  " + line);

        var durable = await cluster.Database.QueryStringsAsync($"SELECT request_id FROM request_log WHERE log = 'deletions/{Stream}' AND kind = 'deletion'");
        var audit = Plugin.Run(["audit-verify", "--psql", cluster.Database.LibpqConnInfo]);
        output.WriteLine(audit.StdOut.Trim());
        return new Outcome(watch, load, afterKill, finalClean, durable, status, audit);
    }

    private static ServiceEndpoints Single(int ordinal, ManifestCluster cluster)
    {
        var e = new ServiceEndpoints();
        e.Add(ordinal, cluster[ordinal].Gateway);
        return e;
    }

    private static string Failures(ChaosLoad load) => string.Join("; ", load.Failures.Take(3));
}
