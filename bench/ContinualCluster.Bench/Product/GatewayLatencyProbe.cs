using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Client.Commands;

namespace ContinualCluster.Bench.Product;

/// <summary>
/// Where a gateway call's time goes with several silo processes: one caller, sequential requests through each silo,
/// client-side latency beside the silo's own /metrics time for the route (Kestrel, body and grain call included, the
/// client's transfer not), through the silo hosting the stream and through one that forwards over the runtime transport.
/// </summary>
public static partial class GatewayLatencyProbe
{
    private const int Requests = 10;

    public static async Task RunAsync(BenchReport report, string label, IReadOnlyList<Uri> gateways, Func<TimeSpan> silosCpu, string key, string stream,
        float[][] images, IReadOnlyList<string> deletable, CancellationToken ct)
    {
        using var http = new HttpClient();
        // Let the deletions before the probe finish their background work (shard and selector retraining), which would
        // otherwise be counted in the probe's times and CPU.
        using (var status = new GatewayClient(gateways[0].ToString(), key))
        {
            var settle = Stopwatch.StartNew();
            while (settle.Elapsed < TimeSpan.FromSeconds(90))
            {
                var s = await status.StatusAsync(stream, ct);
                if (s.RetrainingJobs == 0 && s.DeletionsPending == 0) break;
                await Task.Delay(250, ct);
            }
        }
        var activations = new List<long>();
        foreach (var g in gateways) activations.Add(Gauge(await http.GetStringAsync(new Uri(g, "metrics"), ct), "ccl_activations"));
        int host = activations.IndexOf(activations.Max());
        for (int i = 0; i < gateways.Count; i++)
        {
            string where = i == host ? "hosting silo" : "forwarding silo";
            foreach (var (batch, binary) in new[] { (128, true), (128, false), (1, true) })
            {
                using var client = new GatewayClient(gateways[i].ToString(), key, binary);
                var request = new PredictRequest(images.Take(batch).ToArray());
                await client.PredictAsync(stream, request, ct);   // connection and JIT warm
                var (sum0, n0) = Histogram(await http.GetStringAsync(new Uri(gateways[i], "metrics"), ct), "predict");
                var latencies = new List<double>();
                var cpu0 = silosCpu();
                for (int r = 0; r < Requests; r++)
                {
                    var t = Stopwatch.StartNew();
                    await client.PredictAsync(stream, request, ct);
                    latencies.Add(t.Elapsed.TotalMilliseconds);
                }
                double cpu = (silosCpu() - cpu0).TotalMilliseconds / Requests;
                var (sum1, n1) = Histogram(await http.GetStringAsync(new Uri(gateways[i], "metrics"), ct), "predict");
                latencies.Sort();
                double server = n1 > n0 ? (sum1 - sum0) / (n1 - n0) * 1000 : double.NaN;
                report.Row($"{label} probe: predict {batch} via {where} {i}", $"p50 {latencies[latencies.Count / 2]:0.0} ms",
                    $"{(binary ? "binary" : "JSON")} body, {Requests} sequential requests, max {latencies[^1]:0.0} ms; the silo's own time {server:0.0} ms mean; CPU of the 3 silos {cpu:0.0} ms per request");
            }
            using (var client = new GatewayClient(gateways[i].ToString(), key))
            {
                var (sum0, n0) = Histogram(await http.GetStringAsync(new Uri(gateways[i], "metrics"), ct), "deletions");
                var latencies = new List<double>();
                foreach (var id in deletable.Skip(i * Requests).Take(Requests))
                {
                    var t = Stopwatch.StartNew();
                    try { await client.DeleteAsync(stream, new DeletionRequest($"probe-{id}", [id], null), ct); }
                    catch (ApiException e) when (e.Status == 404) { continue; }   // already deleted by an earlier step
                    latencies.Add(t.Elapsed.TotalMilliseconds);
                }
                var (sum1, n1) = Histogram(await http.GetStringAsync(new Uri(gateways[i], "metrics"), ct), "deletions");
                if (latencies.Count == 0) continue;
                latencies.Sort();
                double server = n1 > n0 ? (sum1 - sum0) / (n1 - n0) * 1000 : double.NaN;
                report.Row($"{label} probe: delete 1 via {where} {i}", $"p50 {latencies[latencies.Count / 2]:0.0} ms",
                    $"{latencies.Count} sequential requests, max {latencies[^1]:0.0} ms; the silo's own time {server:0.0} ms mean");
            }
        }
    }

    /// <summary>The deletion path's durable step alone: appends to a request log in the cluster's PostgreSQL database, as the ledger does.</summary>
    public static async Task LedgerAppendAsync(BenchReport report, string label, string connectionString, CancellationToken ct)
    {
        await using var db = new ContinualCluster.Storage.PostgreSql.PostgreSqlDatabase(
            new ContinualCluster.Storage.PostgreSql.PostgreSqlStoreOptions { ConnectionString = connectionString });
        var log = new ContinualCluster.Storage.PostgreSql.PostgreSqlRequestLog(db);
        var payload = System.Text.Encoding.UTF8.GetBytes("{\"fingerprint\":\"probe\",\"owner\":null,\"ids\":[\"train-000001\"]}");
        var latencies = new List<double>();
        for (int i = -5; i < 40; i++)
        {
            var t = Stopwatch.StartNew();
            await log.AppendAsync("probe/deletions", $"probe-{i}", "deletion", payload, ct);
            if (i >= 0) latencies.Add(t.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();
        report.Row($"{label} probe: ledger append (PostgreSQL)", $"p50 {latencies[latencies.Count / 2]:0.0} ms",
            $"{latencies.Count} sequential request-log appends from the bench process, max {latencies[^1]:0.0} ms");
    }

    private static long Gauge(string metrics, string name) =>
        metrics.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal))
            .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static (double Sum, long Count) Histogram(string metrics, string route)
    {
        double sum = 0; long count = 0;
        foreach (Match m in Line().Matches(metrics))
        {
            if (m.Groups[2].Value != route) continue;
            if (m.Groups[1].Value == "sum") sum = double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            else count = long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        }
        return (sum, count);
    }

    [GeneratedRegex(@"^ccl_gateway_request_seconds_(sum|count)\{route=""([^""]+)""\} (\S+)$", RegexOptions.Multiline)]
    private static partial Regex Line();
}
