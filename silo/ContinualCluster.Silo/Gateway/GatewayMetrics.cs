using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ContinualCluster.Abstractions;

namespace ContinualCluster.Silo.Gateway;

/// <summary>Request counters and latency histograms per route, rendered with cluster gauges in Prometheus text format.</summary>
public sealed class GatewayMetrics
{
    private static readonly double[] Buckets = { 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
    private readonly ConcurrentDictionary<(string Route, int Status), long> _requests = new();
    private readonly ConcurrentDictionary<string, Histogram> _latency = new();

    /// <summary>Counts one finished request and its latency.</summary>
    public void Observe(string route, int status, double seconds)
    {
        _requests.AddOrUpdate((route, status), 1, (_, v) => v + 1);
        _latency.GetOrAdd(route, _ => new Histogram()).Add(seconds);
    }

    /// <summary>Total requests seen for a route and status (used by tests and the status page).</summary>
    public long Count(string route, int status) => _requests.TryGetValue((route, status), out var v) ? v : 0;

    public string Render(IClusterGauges? gauges)
    {
        var sb = new StringBuilder();
        PrometheusText.Family(sb, "ccl_gateway_requests_total", "counter", "Gateway requests by route and status code.",
            _requests.OrderBy(k => k.Key.Route).ThenBy(k => k.Key.Status)
                .Select(k => ($"route=\"{k.Key.Route}\",code=\"{k.Key.Status}\"", k.Value.ToString(CultureInfo.InvariantCulture))).ToArray());
        sb.Append("# HELP ccl_gateway_request_seconds Gateway request latency by route.\n");
        sb.Append("# TYPE ccl_gateway_request_seconds histogram\n");
        foreach (var (route, h) in _latency.OrderBy(k => k.Key)) h.Render(sb, route);
        if (gauges is not null)
        {
            PrometheusText.Family(sb, "ccl_deletions_pending", "gauge", "Deletions accepted but not yet fully retrained.", ("", gauges.DeletionsPending.ToString(CultureInfo.InvariantCulture)));
            PrometheusText.Family(sb, "ccl_retraining_jobs", "gauge", "Background retraining jobs running or queued.", ("", gauges.RetrainingJobs.ToString(CultureInfo.InvariantCulture)));
            PrometheusText.Family(sb, "ccl_activations", "gauge", "Live grain activations per silo.",
                gauges.ActivationsPerSilo.OrderBy(k => k.Key).Select(k => ($"silo=\"{Escape(k.Key)}\"", k.Value.ToString(CultureInfo.InvariantCulture))).ToArray());
        }
        RuntimeMetrics.Render(sb);
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    /// <summary>A fixed-bucket latency histogram.</summary>
    private sealed class Histogram
    {
        private readonly long[] _counts = new long[Buckets.Length + 1];
        private double _sum;
        private long _total;
        private readonly object _gate = new();

        public void Add(double seconds)
        {
            lock (_gate)
            {
                int i = 0;
                while (i < Buckets.Length && seconds > Buckets[i]) i++;
                _counts[i]++;
                _sum += seconds;
                _total++;
            }
        }

        public void Render(StringBuilder sb, string route)
        {
            lock (_gate)
            {
                long cumulative = 0;
                for (int i = 0; i < Buckets.Length; i++)
                {
                    cumulative += _counts[i];
                    sb.Append($"ccl_gateway_request_seconds_bucket{{route=\"{route}\",le=\"{Buckets[i].ToString(CultureInfo.InvariantCulture)}\"}} {cumulative}\n");
                }
                sb.Append($"ccl_gateway_request_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {_total}\n");
                sb.Append($"ccl_gateway_request_seconds_sum{{route=\"{route}\"}} {_sum.ToString("R", CultureInfo.InvariantCulture)}\n");
                sb.Append($"ccl_gateway_request_seconds_count{{route=\"{route}\"}} {_total}\n");
            }
        }
    }
}
